"""The sac4j_gym/ test environments do what their names promise, directly and through a server."""

import time

import gymnasium as gym
import numpy as np
import pytest

from sac4j_gym import envs
from sac4j_gym.client import RemoteVectorEnv


def test_noop_is_zeros_and_truncates_only_when_asked():
    env = gym.make(envs.NOOP_ID, obs_dim=5, act_dim=2, episode_steps=3)
    obs, _ = env.reset(seed=0)
    assert obs.shape == (5,) and obs.dtype == np.float64 and not obs.any()
    flags = [env.step(np.zeros(2, np.float32))[2:4] for _ in range(3)]
    assert flags == [(False, False), (False, False), (False, True)]
    endless = gym.make(envs.NOOP_ID)
    endless.reset()
    assert not any(endless.step(np.zeros(1, np.float32))[3] for _ in range(1000))


def test_sleep_waits_without_using_cpu(serve):
    step_seconds, n = 0.05, 4
    server = serve(envs.SLEEP_ID, env_kwargs={"step_seconds": step_seconds})
    with RemoteVectorEnv(server.target, num_envs=n) as remote:
        remote.reset(seed=0)
        wall, cpu = time.perf_counter(), time.process_time()
        remote.step(np.zeros((n, 1), np.float32))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert wall >= n * step_seconds  # copies are stepped one after the other
    assert cpu < 0.5 * n * step_seconds


def test_faulty_fails_at_its_step_and_only_for_its_seed():
    env = gym.make(envs.FAULTY_ID, fail_at_step=2, fail_seed=7)
    env.reset(seed=7)
    env.step(np.zeros(1, np.float32))
    with pytest.raises(RuntimeError, match="^boom at step 2$"):
        env.step(np.zeros(1, np.float32))
    other = gym.make(envs.FAULTY_ID, fail_at_step=2, fail_seed=7)
    other.reset(seed=8)
    for _ in range(3):
        other.step(np.zeros(1, np.float32))


def test_nan_obs_at_its_step_only():
    env = gym.make(envs.NAN_OBS_ID, nan_at_step=2, obs_dim=2)
    env.reset(seed=0)
    steps = [env.step(np.zeros(1, np.float32))[0] for _ in range(3)]
    assert [bool(np.isnan(o).all()) for o in steps] == [False, True, False]
