"""``python -m sac4j_gym.trajectory``: a reference trajectory of one Gymnasium env, as exact CSV.

For fidelity tests of other implementations (the JVM client through the server, or a JVM port of
an environment): it steps ONE ``gym.make(ID, **kwargs)`` directly, no server, and prints every
float so that parsing it gives back the same bits.
"""

from __future__ import annotations

import argparse
import json
import sys

from sac4j_gym._deps import missing_dependency_message, one_line

PROG = "sac4j_gym.trajectory"

DESCRIPTION = """\
Step ONE Gymnasium env directly (no server): reset(seed=SEED), then one action per line of
--actions, and print CSV on stdout. Stops after the first step whose episode ends (terminated or
truncated), or when the actions run out; it never resets again.

Actions file: one action per line, its components comma-separated (an integer for a Discrete
space); blank lines and lines starting with '#' are skipped. Box actions are parsed as float64 and
cast to the action space's dtype (float32 for MuJoCo), exactly as the sac4j server does.

Output: a header line 't,reward,terminated,truncated,next_obs_0,...,next_obs_{D-1}' (D = size of
the flattened observation), then the reset observation as the row with t=-1 and empty reward and
flag fields, then one row per step t=0,1,...: the reward, the flags as 0/1, and the observation
after the step (the real final one on the last row). Each float is Python's repr(float(x)) of the
float64 value (--dtype float64, default) or of the value cast to float32 (--dtype float32): the
shortest decimal that parses back to the same double, so 'nan', 'inf' and '-inf' may appear.
Integer observations (Discrete, integer Box) are printed as integers.
"""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=f"python -m {PROG}", description=DESCRIPTION,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--env", required=True, help="a registered Gymnasium id")
    p.add_argument("--seed", type=int, required=True, help="seed of the one reset")
    p.add_argument("--actions", required=True, help="actions file ('-' for stdin)")
    p.add_argument("--env-kwargs", default="{}", help="JSON object of gym.make keyword arguments")
    p.add_argument("--dtype", choices=["float64", "float32"], default="float64",
                   help="precision the printed floats are rounded to (default float64)")
    return p


def parse_actions(lines, space) -> list:
    """One action per non-blank, non-comment line, as the env takes it; ValueError names the line."""
    import gymnasium as gym
    import numpy as np

    actions = []
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        try:
            if isinstance(space, gym.spaces.Discrete):
                actions.append(int(text))
            else:
                values = np.array([float(v) for v in text.split(",")], dtype=np.float64)
                if values.size != int(np.prod(space.shape)):
                    raise ValueError(f"{values.size} values, the action space {space!r} takes "
                                     f"{int(np.prod(space.shape))}")
                actions.append(values.reshape(space.shape).astype(space.dtype))
        except ValueError as exc:
            raise ValueError(f"actions line {number}: {exc}") from exc
    return actions


def format_values(obs, dtype: str) -> list[str]:
    """The flattened observation as exact text (see --help)."""
    import numpy as np

    flat = np.asarray(obs).ravel()
    if flat.dtype.kind in "iub":
        return [str(int(v)) for v in flat]
    if dtype == "float32":
        flat = flat.astype(np.float32)
    return [repr(float(v)) for v in flat]


def run(env_id: str, seed: int, action_lines, env_kwargs: dict, dtype: str, out) -> int:
    """Writes the CSV to ``out``; returns the number of steps taken."""
    import gymnasium as gym

    from sac4j_gym import envs
    envs.register()
    env = gym.make(env_id, **env_kwargs)
    try:
        actions = parse_actions(action_lines, env.action_space)
        obs, _ = env.reset(seed=seed)
        first = format_values(obs, dtype)
        out.write(",".join(["t", "reward", "terminated", "truncated"]
                           + [f"next_obs_{i}" for i in range(len(first))]) + "\n")
        out.write(",".join(["-1", "", "", ""] + first) + "\n")
        steps = 0
        for t, action in enumerate(actions):
            obs, reward, terminated, truncated, _ = env.step(action)
            steps += 1
            reward_text = format_values(float(reward), dtype)[0]
            out.write(",".join([str(t), reward_text, str(int(bool(terminated))),
                                str(int(bool(truncated)))] + format_values(obs, dtype)) + "\n")
            if terminated or truncated:
                break
        return steps
    finally:
        env.close()


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        env_kwargs = json.loads(args.env_kwargs)
        if not isinstance(env_kwargs, dict):
            raise ValueError("not a JSON object")
    except ValueError as exc:
        print(f"{PROG}: error: --env-kwargs: {exc}", file=sys.stderr)
        return 2
    try:
        if args.actions == "-":
            lines = sys.stdin.readlines()
        else:
            with open(args.actions, encoding="utf-8") as f:
                lines = f.readlines()
    except OSError as exc:
        print(f"{PROG}: error: cannot read --actions {args.actions}: {exc.strerror}",
              file=sys.stderr)
        return 2
    try:
        run(args.env, args.seed, lines, env_kwargs, args.dtype, sys.stdout)
    except Exception as exc:
        message = missing_dependency_message(exc, args.env) or f"{type(exc).__name__}: {one_line(exc)}"
        print(f"{PROG}: error: {message}", file=sys.stderr)
        return 2
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
