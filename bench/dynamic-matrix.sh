#!/usr/bin/env bash
# The dynamic-matrix experiment of docs/dynamic-matrix.md (seed 000 §1.4): Pendulum-v1, the preset's
# 20k steps, seeds 0..4, each configuration below through bench/learn-seeds.sh into
# runs/dm-<variant>-<name>-s<seed>, then one table of final returns (mean, min, max) and wall time.
#   bench/dynamic-matrix.sh                 # both variants, every configuration
#   VARIANTS=sac-v1 CONFIGS="off lambda0" bench/dynamic-matrix.sh
# Environment: VARIANTS ("sac-v1 sac"), CONFIGS (all names below), SEEDS, JOBS (2), HIDDEN (64,64:
# the 256x256 preset costs ~60 ms per adjusted update here, 20 min per run), EXTRA (more train options),
# SUMMARY_ONLY (1: only print the table of runs already made).
set -euo pipefail
cd "$(dirname "$0")/.."
VARIANTS="${VARIANTS:-sac-v1 sac}"
CONFIGS="${CONFIGS:-off lambda0 none-1e-4 none-1e-3 match-0.1 match-0.5}"
HIDDEN="${HIDDEN:-64,64}"
export JOBS="${JOBS:-2}" SEEDS="${SEEDS:-0 1 2 3 4}"

options() {
  case "$1" in
    off) ;;                                                    # the published update
    lambda0) echo "--adjust antisymmetric --adjust-lambda 0" ;; # simultaneous first-order game: the control
    none-*) echo "--adjust antisymmetric --adjust-norm none --adjust-lambda ${1#none-}" ;;
    match-*) echo "--adjust antisymmetric --adjust-norm match --adjust-lambda ${1#match-}" ;;
    unit-*) echo "--adjust antisymmetric --adjust-norm unit --adjust-lambda ${1#unit-}" ;;
    align-*) echo "--adjust antisymmetric --adjust-norm match --adjust-align --adjust-lambda ${1#align-}" ;;
    *) echo "unknown configuration $1" >&2; exit 2 ;;
  esac
}

for v in $VARIANTS; do
  [ "${SUMMARY_ONLY:-0}" = 1 ] && break
  for c in $CONFIGS; do
    # shellcheck disable=SC2046
    THRESHOLD=-250 MIN_PASS=0 TAG="dm-$v-$c" bench/learn-seeds.sh Pendulum-v1 --algo "$v" --hidden "$HIDDEN" \
        --threads 1 $(options "$c") ${EXTRA:-} > "runs/dm-$v-$c.txt" || true
  done
done

printf '%-8s %-11s %9s %9s %9s %6s %9s\n' variant config mean min max ">=-250" "wall s"
for v in $VARIANTS; do
  for c in $CONFIGS; do
    awk -v v="$v" -v c="$c" '/^seed/ && $3 == "final" { n++; f = $4 + 0; s += f; if (n == 1 || f < lo) lo = f; if (n == 1 || f > hi) hi = f;
        if (f >= -250) p++; w += $(NF - 2) }
        END { if (n) printf "%-8s %-11s %9.1f %9.1f %9.1f %4d/%d %9.1f\n", v, c, s / n, lo, hi, p, n, w / n }' "runs/dm-$v-$c.txt"
  done
done
