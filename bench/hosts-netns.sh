#!/usr/bin/env bash
# Issue 16's fault test across machines, on one machine: three environment hosts (`sac4j env serve
# --env Pendulum-v1 --num-envs 2`), each in a network namespace of its own joined to this one by a
# veth pair (10.77.<i>.2 there, 10.77.<i>.1 here), a shared token, and one learner here training
# Pendulum-v1 on all six copies (`--env-hosts`). When the run passes KILL_AT steps, host 3 gets SIGKILL.
# Passes when the run completes, metrics.csv shows hosts_alive dropping from 3 to 2 and env steps
# lost, and the final evaluation reaches THRESHOLD (-250) within STEPS (20000) steps.
# Needs root and `ip netns` (iproute2); where namespaces are not permitted, the hosts listen on
# loopback ports instead and the script says so.
#   sudo bench/hosts-netns.sh            # SEED=0 STEPS=20000 KILL_AT=6000 THRESHOLD=-250
set -euo pipefail
cd "$(dirname "$0")/.."
SEED="${SEED:-0}"; STEPS="${STEPS:-20000}"; KILL_AT="${KILL_AT:-6000}"; THRESHOLD="${THRESHOLD:--250}"
OUT="${OUT:-runs/hosts-netns-s$SEED}"
./sac4j --version >/dev/null   # builds once
work="$(mktemp -d)"
head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$work/token"
chmod 600 "$work/token"
pids=(); namespaces=()
cleanup() {
  [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null
  wait 2>/dev/null || true
  for ns in "${namespaces[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

netns=no
if [ "$(id -u)" = 0 ] && ip netns add sac4j-probe-$$ 2>/dev/null; then
  ip netns del sac4j-probe-$$; netns=yes
fi
targets=""
for i in 1 2 3; do
  if [ $netns = yes ]; then
    ns="sac4j-h$i-$$"; here="s4h$i-$$"; here="${here:0:15}"
    ip netns add "$ns"; namespaces+=("$ns")
    ip link add "$here" type veth peer name eth0 netns "$ns"
    ip addr add "10.77.$i.1/24" dev "$here"; ip link set "$here" up
    ip -n "$ns" addr add "10.77.$i.2/24" dev eth0; ip -n "$ns" link set eth0 up; ip -n "$ns" link set lo up
    addr="10.77.$i.2"; port=50061
    ip netns exec "$ns" ./sac4j env serve --env Pendulum-v1 --num-envs 2 --bind "$addr" --port $port \
      --token-file "$work/token" >"$work/host$i.out" 2>"$work/host$i.err" &
  else
    addr=127.0.0.1; port=0
    ./sac4j env serve --env Pendulum-v1 --num-envs 2 --port 0 --token-file "$work/token" \
      >"$work/host$i.out" 2>"$work/host$i.err" &
  fi
  pids+=($!)
  for _ in $(seq 600); do grep -qs LISTENING "$work/host$i.out" && break; sleep 0.1; done
  port=$(sed -n 's/.*port=\([0-9]*\).*/\1/p' "$work/host$i.out")
  [ -n "$port" ] || { echo "host $i did not start:" >&2; cat "$work/host$i.err" >&2; exit 1; }
  targets="${targets:+$targets,}$addr:$port"
done
if [ $netns = yes ]; then
  echo "hosts in network namespaces ${namespaces[*]}: $targets"
else
  echo "NOTE: network namespaces are not permitted here (needs root and ip netns): the three hosts listen on loopback ports: $targets"
fi

mkdir -p "$(dirname "$OUT")"
./sac4j train --env-hosts "$targets" --env-token-file "$work/token" --seed "$SEED" --steps "$STEPS" --threads 1 \
  --eval-every 2000 --eval-episodes 10 --env-host-timeout 10 --out "$OUT" --overwrite --quiet >"$OUT.log" 2>&1 &
learner=$!
killed=no
while kill -0 $learner 2>/dev/null; do
  if [ $killed = no ] && [ -f "$OUT/metrics.csv" ]; then
    step=$(tail -n 1 "$OUT/metrics.csv" | cut -d, -f1)
    if [[ "$step" =~ ^[0-9]+$ ]] && [ "$step" -ge "$KILL_AT" ]; then
      kill -KILL "${pids[2]}"; killed=yes
      echo "host 3 (${targets##*,}) killed with SIGKILL after step $step"
    fi
  fi
  sleep 1
done
rc=0; wait $learner || rc=$?
[ $rc = 0 ] || { echo "FAIL: the learner exited with status $rc"; tail -5 "$OUT.log"; exit 1; }
[ $killed = yes ] || { echo "FAIL: the run ended before step $KILL_AT"; exit 1; }
header=$(head -n 1 "$OUT/metrics.csv")
col() { echo "$header" | tr ',' '\n' | grep -nx "$1" | cut -d: -f1; }
alive=$(col hosts_alive); lost=$(col env_steps_lost)
[ -n "$alive" ] && [ -n "$lost" ] || { echo "FAIL: metrics.csv has no hosts_alive/env_steps_lost columns: $header"; exit 1; }
first_alive=$(sed -n 2p "$OUT/metrics.csv" | cut -d, -f"$alive")
last_alive=$(tail -n 1 "$OUT/metrics.csv" | cut -d, -f"$alive")
last_lost=$(tail -n 1 "$OUT/metrics.csv" | cut -d, -f"$lost")
final=$(sed -n 's/.*"mean_return": *\([^,]*\),*/\1/p' "$OUT/final_eval.json")
wall=$(sed -n 's/.*"wall_s": *\([^,]*\),*/\1/p' "$OUT/final_eval.json")
echo "hosts_alive $first_alive -> $last_alive, env_steps_lost $last_lost, final evaluation $final after $STEPS steps ($wall s)"
cut -d, -f1,3,"$alive","$lost" "$OUT/metrics.csv" | column -t -s,
ok=$(awk -v a="$first_alive" -v b="$last_alive" -v l="$last_lost" -v f="$final" -v t="$THRESHOLD" \
  'BEGIN { print (a == 3 && b == 2 && l > 0 && f >= t) ? "yes" : "no" }')
[ "$ok" = yes ] && echo "PASS" || { echo "FAIL: expected hosts_alive 3 -> 2, steps lost > 0 and a final evaluation >= $THRESHOLD"; exit 1; }
