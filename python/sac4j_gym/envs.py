"""Small environments for testing and benchmarking the protocol, under the ``sac4j_gym/`` namespace.

They are registered with Gymnasium by :func:`register` (called when ``sac4j_gym.server``,
``sac4j_gym.service`` or ``sac4j_gym.trajectory`` is imported), so both a server and a client-side
test can ``gym.make`` them:

- ``sac4j_gym/NoOp-v0``: does nothing. Zero observations, zero reward, never ends (unless
  ``episode_steps`` is set). The round trip through the server is then all that a step costs.
- ``sac4j_gym/Sleep-v0``: NoOp that sleeps ``step_seconds`` per step (time.sleep: no CPU, GIL
  released), to stand in for a slow simulator when measuring how a trainer overlaps hosts.
- ``sac4j_gym/Faulty-v0``: raises ``RuntimeError("boom at step K")`` at its K-th step after a
  reset, to test how errors travel.
- ``sac4j_gym/NaNObs-v0``: returns an all-NaN observation at its K-th step after a reset, to test
  that the client notices non-finite observations (the server passes them on faithfully).

All take ``obs_dim`` and ``act_dim`` (Box spaces of float ``dtype``, default float64 observations,
float32 actions like MuJoCo's).
"""

from __future__ import annotations

import time
from typing import Any

import gymnasium as gym
import numpy as np

NAMESPACE = "sac4j_gym"
NOOP_ID = f"{NAMESPACE}/NoOp-v0"
SLEEP_ID = f"{NAMESPACE}/Sleep-v0"
FAULTY_ID = f"{NAMESPACE}/Faulty-v0"
NAN_OBS_ID = f"{NAMESPACE}/NaNObs-v0"


class NoOpEnv(gym.Env):
    """Observations of zeros, reward 0, ends only after ``episode_steps`` steps (0 = never).

    ``episode_steps`` ends an episode by truncation inside the env itself (no TimeLimit wrapper),
    so that autoreset can be measured too.
    """

    metadata = {"render_modes": []}

    def __init__(self, obs_dim: int = 1, act_dim: int = 1, dtype: str = "float64",
                 episode_steps: int = 0):
        if obs_dim < 0 or act_dim < 1:
            raise ValueError(f"obs_dim must be >= 0 and act_dim >= 1, got {obs_dim} and {act_dim}")
        self.observation_space = gym.spaces.Box(-np.inf, np.inf, (obs_dim,), dtype=np.dtype(dtype))
        self.action_space = gym.spaces.Box(-1.0, 1.0, (act_dim,), dtype=np.float32)
        self._obs = np.zeros(obs_dim, dtype=np.dtype(dtype))
        self._episode_steps = int(episode_steps)
        self._t = 0

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        super().reset(seed=seed)
        self._t = 0
        return self._obs.copy(), {}

    def step(self, action):
        self._t += 1
        truncated = self._episode_steps > 0 and self._t >= self._episode_steps
        return self._obs.copy(), 0.0, False, truncated, {}


class SleepEnv(NoOpEnv):
    """NoOp whose step sleeps ``step_seconds`` (default 1 ms) without using CPU."""

    def __init__(self, step_seconds: float = 0.001, **kwargs):
        super().__init__(**kwargs)
        if not step_seconds >= 0:
            raise ValueError(f"step_seconds must be >= 0, got {step_seconds}")
        self._step_seconds = float(step_seconds)

    def step(self, action):
        time.sleep(self._step_seconds)
        return super().step(action)


class FaultyEnv(NoOpEnv):
    """Raises ``RuntimeError("boom at step K")`` at the K-th step (1-based) after a reset.

    With ``fail_seed`` set, only a copy whose last seeded reset used that seed fails; since the
    server seeds copy i with seed + i, this makes one chosen copy of a session fail, which tests
    the ``env <index>:`` prefix of the error. ``fail_reset_seed`` makes a reset with that seed
    raise ``RuntimeError("boom at reset with seed S")``.
    """

    def __init__(self, fail_at_step: int = 3, fail_seed: int | None = None,
                 fail_reset_seed: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self._fail_at_step = int(fail_at_step)
        self._fail_seed = fail_seed
        self._fail_reset_seed = fail_reset_seed
        self._seed: int | None = None

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        if seed is not None and seed == self._fail_reset_seed:
            raise RuntimeError(f"boom at reset with seed {seed}")
        if seed is not None:
            self._seed = seed
        return super().reset(seed=seed, options=options)

    def step(self, action):
        armed = self._fail_seed is None or self._seed == self._fail_seed
        if armed and self._t + 1 == self._fail_at_step:
            raise RuntimeError(f"boom at step {self._fail_at_step}")
        return super().step(action)


class NaNObsEnv(NoOpEnv):
    """Returns an all-NaN observation at the K-th step (1-based) after a reset, zeros otherwise."""

    def __init__(self, nan_at_step: int = 3, **kwargs):
        super().__init__(**kwargs)
        self._nan_at_step = int(nan_at_step)

    def step(self, action):
        obs, reward, terminated, truncated, info = super().step(action)
        if self._t == self._nan_at_step:
            obs = np.full_like(obs, np.nan)
        return obs, reward, terminated, truncated, info


def register() -> None:
    """Registers the ``sac4j_gym/`` ids with Gymnasium; calling it again does nothing.

    The entry points are strings, so a process that only registers (never makes) imports nothing
    more. The envs get Gymnasium's default wrappers from gym.make like any other id.
    """
    for env_id, cls in ((NOOP_ID, "NoOpEnv"), (SLEEP_ID, "SleepEnv"),
                        (FAULTY_ID, "FaultyEnv"), (NAN_OBS_ID, "NaNObsEnv")):
        if env_id not in gym.registry:
            gym.register(id=env_id, entry_point=f"sac4j_gym.envs:{cls}")
