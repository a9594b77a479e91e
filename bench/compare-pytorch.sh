#!/usr/bin/env bash
# sac4j's SAC update against PyTorch's, measured alternately in one session on this machine.
# Installs Debian's python3-torch if it is missing (needs root), then for each size
# (obs 17 / act 6, and Pendulum's obs 3 / act 1; 256x256 networks, batch 256) runs ROUNDS rounds of
#   ../shared/reference/torch_sac_update_bench.py  (its best 2-core setting: OpenBLAS on 2 threads,
#                                                    libopenblas0-pthread installed: without it Debian
#                                                    links the reference BLAS, 15x slower),
#                                                    OPENBLAS_CORETYPE=SkylakeX)
#   ./sac4j bench update --threads THREADS
# and prints both medians of the per-round medians and the ratio.
#   bench/compare-pytorch.sh            ROUNDS=3 THREADS=2 UPDATES=500 RUNS=5 by default
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${ROUNDS:-3}"
THREADS="${THREADS:-2}"
UPDATES="${UPDATES:-500}"
RUNS="${RUNS:-5}"
ref="${TORCH_BENCH:-../shared/reference/torch_sac_update_bench.py}"
# Debian's python3-torch lives under the system interpreter, whatever python3 is first on PATH.
PY="${PYTHON:-/usr/bin/python3}"
[ -f "$ref" ] || { echo "compare-pytorch: $ref not found" >&2; exit 2; }

if ! "$PY" -c "import torch" 2>/dev/null || [ ! -e /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "compare-pytorch: installing python3-torch and libopenblas0-pthread" >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch libopenblas0-pthread >&2
  else
    echo "compare-pytorch: needs python3-torch and libopenblas0-pthread (apt-get install python3-torch libopenblas0-pthread)" >&2; exit 2
  fi
fi
./sac4j --version >/dev/null   # build before timing

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
field() { sed -n "s/.*\"$1\": *\([0-9.eE+-]*\).*/\1/p"; }

for size in "17 6" "3 1"; do
  set -- $size
  t=(); s=()
  for r in $(seq "$ROUNDS"); do
    t+=("$(OPENBLAS_CORETYPE=SkylakeX "$PY" "$ref" --threads 1 --omp-threads 1 --blas-threads 2 \
            --obs "$1" --act "$2" --updates "$UPDATES" --runs "$RUNS" | field median_updates_per_s)")
    s+=("$(./sac4j bench update --threads "$THREADS" --obs "$1" --act "$2" --updates "$UPDATES" --runs "$RUNS" \
            | field updates_per_s_median)")
  done
  tm=$(printf '%s\n' "${t[@]}" | median)
  sm=$(printf '%s\n' "${s[@]}" | median)
  printf 'obs %2s act %s: pytorch %7.1f updates/s [%s]  sac4j %7.1f updates/s [%s]  ratio %.2fx\n' "$1" "$2" \
    "$tm" "${t[*]}" "$sm" "${s[*]}" "$(awk -v a="$sm" -v b="$tm" 'BEGIN { print a / b }')"
done
