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
# Then (CEILING=0 skips it) the ceiling this machine puts on sac4j: the update's matrix products
# (`bench update`'s macs_per_update) all at the rate of the fastest 256^3 product form on 2 threads
# (JMH GemmBench), with nothing else taking time, against the same PyTorch reference; and that rate
# against the 2-thread FMA peak (PeakBench).
#   bench/compare-pytorch.sh            ROUNDS=3 UPDATES=500 RUNS=5 CEILING=1 by default
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${ROUNDS:-3}"
UPDATES="${UPDATES:-500}"
RUNS="${RUNS:-5}"
CEILING="${CEILING:-1}"
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

declare -A reference=() referenceName=()
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
  reference[$size]=$best; referenceName[$size]=$bestName
  for st in sac4j-t1 sac4j-t2; do
    m=$(printf '%s\n' ${got[$st]} | median)
    printf 'obs %2s act %s: %s %.1f updates/s = %.2fx the fastest PyTorch (%s, %.1f)\n' "$1" "$2" "$st" "$m" \
      "$(awk -v a="$m" -v b="$best" 'BEGIN { print a / b }')" "$bestName" "$best"
  done
  unset got
done

[ "$CEILING" = 1 ] || exit 0
jmh="$(bench/jmh.sh GemmBench -p mkn=256x256x256 -p threads=2 -p form=NN,TN,NT -f 1 -wi 3 -i 5 2>/dev/null)"
peak="$(bench/jmh.sh PeakBench -t 2 -f 1 -wi 3 -i 5 2>/dev/null)"
# GemmBench: us per product (2 m n k FLOPs); PeakBench: us per call per thread, 24 x lanes x 10^6 FLOPs.
best_us=$(printf '%s\n' "$jmh" | awk '$1 == "GemmBench.product" { print $(NF - 3) }' | sort -g | head -n1)
peak_us=$(printf '%s\n' "$peak" | awk '$1 == "PeakBench.fmaPeak" { print $(NF - 3) }')
[ -n "$best_us" ] && [ -n "$peak_us" ] || { echo "compare-pytorch: no JMH result for the ceiling" >&2; exit 1; }
# lanes of the preferred vector: the kernel's name in `bench update`, vector(512-bit) on AVX-512
lanes=$(./sac4j bench update --obs 1 --act 1 --hidden 8 --batch 8 --runs 1 --updates 1 --warmup 0 \
  | sed -n 's/.*"kernel": "vector(\([0-9]*\)-bit)".*/\1/p' | awk '{ print $1 / 32 }')
[ -n "$lanes" ] || { echo "compare-pytorch: no Vector API kernel, no peak" >&2; exit 1; }
gemm=$(awk -v u="$best_us" 'BEGIN { print 2 * 256 ^ 3 / (u * 1000) }')
fpeak=$(awk -v u="$peak_us" -v l="$lanes" 'BEGIN { print 2 * 24 * l * 1e6 / (u * 1000) }')
printf 'peak: 2-thread FMA peak %.1f GFLOP/s (PeakBench); fastest 256^3 product form on 2 threads %.1f GFLOP/s (%.0f%% of it)\n' \
  "$fpeak" "$gemm" "$(awk -v a="$gemm" -v b="$fpeak" 'BEGIN { print 100 * a / b }')"
for size in "17 6" "3 1"; do
  set -- $size
  macs=$(./sac4j bench update --obs "$1" --act "$2" --runs 1 --updates 1 --warmup 0 | field macs_per_update)
  ceil=$(awk -v g="$gemm" -v m="$macs" 'BEGIN { print g * 1e9 / (2 * m) }')
  printf 'ceiling obs %2s act %s: %s multiply-adds at %.1f GFLOP/s, nothing else: %.1f updates/s = %.2fx the fastest PyTorch (%s, %.1f)\n' \
    "$1" "$2" "$macs" "$gemm" "$ceil" "$(awk -v a="$ceil" -v b="${reference[$size]}" 'BEGIN { print a / b }')" \
    "${referenceName[$size]}" "${reference[$size]}"
done
