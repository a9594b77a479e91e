#!/usr/bin/env bash
# sac4j's SAC update against PyTorch's, measured alternately in one session on this machine (issue 18).
# Two PyTorch builds, each on 1 and 2 threads (Debian's also on 1 torch thread with 2 OpenBLAS threads);
# the fastest of these settings (median over the rounds) is the reference:
#   debian  Debian's python3-torch (1.13, OpenBLAS; installed if missing when root: python3-torch and
#           libopenblas0-pthread, without which Debian links the reference BLAS, 15x slower), with
#           OPENBLAS_CORETYPE=SkylakeX;
#   pip     torch==2.13.0+cpu (MKL, oneDNN) in a virtual environment, bench/.venv-torch, made on first
#           use with `python3 -m venv` and pip (from PyTorch's CPU index, or the machine's own wheel
#           store through PIP_FIND_LINKS); TORCH_VENV names another one.
# For each size (obs 17 / act 6, and Pendulum's obs 3 / act 1; 256x256 networks, batch 256) it runs
# ROUNDS rounds of ../shared/reference/torch_sac_update_bench.py in every setting and
# `./sac4j bench update` on 1 and 2 threads, then prints every setting's median and sac4j's ratio to
# the reference. A build that cannot be had is left out with a line saying so.
#   bench/compare-pytorch.sh            ROUNDS=3 UPDATES=500 RUNS=5 by default
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${ROUNDS:-3}"
UPDATES="${UPDATES:-500}"
RUNS="${RUNS:-5}"
ref="${TORCH_BENCH:-../shared/reference/torch_sac_update_bench.py}"
[ -f "$ref" ] || { echo "compare-pytorch: $ref not found" >&2; exit 2; }
lscpu | sed -n 's/^Model name: *//p' | sed 's/^/cpu: /'

# Debian's python3-torch lives under the system interpreter, whatever python3 is first on PATH.
DEBIAN_PY=/usr/bin/python3
if ! "$DEBIAN_PY" -c "import torch" 2>/dev/null || [ ! -e /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "compare-pytorch: installing python3-torch and libopenblas0-pthread" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch libopenblas0-pthread) >&2 \
      || echo "compare-pytorch: apt-get failed" >&2
  fi
fi
"$DEBIAN_PY" -c "import torch" 2>/dev/null || { echo "compare-pytorch: no Debian python3-torch: left out"; DEBIAN_PY=""; }

PIP_VENV="${TORCH_VENV:-bench/.venv-torch}"
if [ ! -x "$PIP_VENV/bin/python" ] || ! "$PIP_VENV/bin/python" -c "import torch, numpy" 2>/dev/null; then
  echo "compare-pytorch: making $PIP_VENV with torch==2.13.0+cpu" >&2
  python3 -m venv "$PIP_VENV" >&2 && "$PIP_VENV/bin/pip" install -q numpy "torch==2.13.0+cpu" \
    --extra-index-url https://download.pytorch.org/whl/cpu >&2 || true
fi
PIP_PY="$PIP_VENV/bin/python"
"$PIP_PY" -c "import torch" 2>/dev/null || { echo "compare-pytorch: no pip torch in $PIP_VENV: left out"; PIP_PY=""; }
[ -n "$DEBIAN_PY$PIP_PY" ] || { echo "compare-pytorch: no PyTorch to compare with" >&2; exit 2; }

./sac4j --version >/dev/null   # build before timing

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
field() { sed -n "s/.*\"$1\": *\([0-9.eE+-]*\).*/\1/p"; }

# one measurement of setting $1 at size obs $2 act $3: median updates/s of RUNS runs
measure() {
  case "$1" in
    debian-t1) OPENBLAS_CORETYPE=SkylakeX "$DEBIAN_PY" "$ref" --threads 1 --obs "$2" --act "$3" --updates "$UPDATES" \
                 --runs "$RUNS" | field median_updates_per_s;;
    debian-t2) OPENBLAS_CORETYPE=SkylakeX "$DEBIAN_PY" "$ref" --threads 2 --obs "$2" --act "$3" --updates "$UPDATES" \
                 --runs "$RUNS" | field median_updates_per_s;;
    # torch on 1 thread, OpenBLAS on 2: Debian's best 2-core setting on the Xeons measured before
    debian-blas2) OPENBLAS_CORETYPE=SkylakeX "$DEBIAN_PY" "$ref" --threads 1 --omp-threads 1 --blas-threads 2 \
                    --obs "$2" --act "$3" --updates "$UPDATES" --runs "$RUNS" | field median_updates_per_s;;
    pip-t1) "$PIP_PY" "$ref" --threads 1 --obs "$2" --act "$3" --updates "$UPDATES" --runs "$RUNS" \
              | field median_updates_per_s;;
    pip-t2) "$PIP_PY" "$ref" --threads 2 --obs "$2" --act "$3" --updates "$UPDATES" --runs "$RUNS" \
              | field median_updates_per_s;;
    sac4j-t1) ./sac4j bench update --threads 1 --obs "$2" --act "$3" --updates "$UPDATES" --runs "$RUNS" \
                | field updates_per_s_median;;
    sac4j-t2) ./sac4j bench update --threads 2 --obs "$2" --act "$3" --updates "$UPDATES" --runs "$RUNS" \
                | field updates_per_s_median;;
  esac
}

settings=()
[ -n "$DEBIAN_PY" ] && settings+=(debian-t1 debian-t2 debian-blas2)
[ -n "$PIP_PY" ] && settings+=(pip-t1 pip-t2)
settings+=(sac4j-t1 sac4j-t2)

for size in "17 6" "3 1"; do
  set -- $size
  declare -A got=()
  for r in $(seq "$ROUNDS"); do
    for st in "${settings[@]}"; do
      got[$st]="${got[$st]:-} $(measure "$st" "$1" "$2")"
    done
  done
  best=0; bestName=""
  line="obs $1 act $2:"
  for st in "${settings[@]}"; do
    m=$(printf '%s\n' ${got[$st]} | median)
    line="$line $st $m [${got[$st]# }];"
    if [[ $st != sac4j-* ]] && awk -v a="$m" -v b="$best" 'BEGIN { exit !(a > b) }'; then best=$m; bestName=$st; fi
  done
  echo "$line"
  for st in sac4j-t1 sac4j-t2; do
    m=$(printf '%s\n' ${got[$st]} | median)
    printf 'obs %2s act %s: %s %.1f updates/s = %.2fx the fastest PyTorch (%s, %.1f)\n' "$1" "$2" "$st" "$m" \
      "$(awk -v a="$m" -v b="$best" 'BEGIN { print a / b }')" "$bestName" "$best"
  done
  unset got
done
