"""Round-trip cost of one env step through the server, for the NoOp env (not a test).

Starts the server as a child process, the way the JVM trainer does (``--in-process`` puts it in
this process instead, where client and server then share one GIL), and reports the median wall
time of a Step call, and that divided per env step, for 1 and 16 batched copies. What it measures is the protocol's overhead: serialisation, gRPC over
loopback, the server's per-copy loop; the NoOp env itself costs about a microsecond.

    python bench_roundtrip.py [--steps 2000] [--obs-dim 17] [--act-dim 6] [--in-process]

prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402

from sac4j_gym import envs, service  # noqa: E402
from sac4j_gym.client import RemoteVectorEnv  # noqa: E402


def measure(target: str, num_envs: int, steps: int, act_dim: int) -> dict:
    with RemoteVectorEnv(target, num_envs=num_envs) as remote:
        remote.reset(seed=0)
        actions = np.zeros((num_envs, act_dim), np.float32)
        for _ in range(min(200, steps)):  # warm up: connection, allocator, caches
            remote.step(actions)
        times = []
        for _ in range(steps):
            start = time.perf_counter_ns()
            remote.step(actions)
            times.append(time.perf_counter_ns() - start)
    median_call_us = statistics.median(times) / 1000
    return {"num_envs": num_envs, "median_us_per_call": round(median_call_us, 1),
            "median_us_per_env_step": round(median_call_us / num_envs, 2),
            "p90_us_per_call": round(sorted(times)[int(0.9 * len(times))] / 1000, 1)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--steps", type=int, default=2000)
    p.add_argument("--obs-dim", type=int, default=17)
    p.add_argument("--act-dim", type=int, default=6)
    p.add_argument("--in-process", action="store_true",
                   help="serve from this process instead of a child process")
    args = p.parse_args()
    kwargs = {"obs_dim": args.obs_dim, "act_dim": args.act_dim}
    if args.in_process:
        running = service.start_server(envs.NOOP_ID, kwargs, num_envs=1)
        target, stop = running.target, lambda: running.stop(0)
    else:
        child = subprocess.Popen(
            [sys.executable, "-m", "sac4j_gym.server", "--env", envs.NOOP_ID, "--env-kwargs",
             json.dumps(kwargs), "--exit-with-parent"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, cwd=os.path.dirname(os.path.abspath(__file__)))
        line = child.stdout.readline()
        if not line.startswith("SAC4J_GYM_LISTENING port="):
            sys.exit(f"server did not start: {line!r}")
        target = f"127.0.0.1:{int(line.split('=', 1)[1])}"

        def stop():
            child.stdin.close()
            child.wait(timeout=10)
    try:
        results = [measure(target, n, args.steps, args.act_dim) for n in (1, 16)]
    finally:
        stop()
    print(json.dumps({"bench": "roundtrip", "env": envs.NOOP_ID, "env_kwargs": kwargs,
                      "server": "in-process" if args.in_process else "child process",
                      "steps": args.steps, "results": results,
                      "python": platform.python_version(), "cpus": os.cpu_count()}), flush=True)


if __name__ == "__main__":
    main()
