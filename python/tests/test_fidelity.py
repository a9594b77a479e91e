"""Fidelity: the server steps exactly what Gymnasium steps, bit for bit.

For each MuJoCo env, the same seed and the same random actions go through the server (via the
client) and through gym.make copies here, with the protocol's autoreset mirrored by hand. The
float64 bits of every observation (next, final and autoreset ones) and reward, and every flag,
must be identical: nothing on the way (float32 casts, byte order, row order) may touch them.
"""

import gymnasium as gym
import numpy as np
import pytest

from conftest import assert_same_bits
from sac4j_gym.client import RemoteVectorEnv

STEPS = 250
NUM_ENVS = 2


@pytest.mark.parametrize("env_id,expect_endings", [
    ("HalfCheetah-v5", False),  # never terminates; 1000-step limit not reached
    ("Hopper-v5", True),        # random actions make it fall: autoreset is exercised
    ("Walker2d-v5", True),
    ("Ant-v5", False),
    ("Humanoid-v5", True),
])
def test_server_matches_gymnasium_bit_for_bit(serve, env_id, expect_endings):
    seed = 123
    direct = [gym.make(env_id) for _ in range(NUM_ENVS)]
    space = direct[0].action_space
    rng = np.random.default_rng(seed)
    endings = 0
    with RemoteVectorEnv(serve(env_id).target, num_envs=NUM_ENVS) as remote:
        obs = remote.reset(seed=seed)
        assert obs.dtype == np.float64
        assert_same_bits(obs, np.stack([e.reset(seed=seed + i)[0] for i, e in enumerate(direct)]),
                         f"{env_id} reset")
        for t in range(STEPS):
            # float64 draws sent as float64: the server's cast to the space's float32 must be the
            # same cast gymnasium users do
            actions = rng.uniform(space.low, space.high, size=(NUM_ENVS, *space.shape))
            obs, rewards, terminated, truncated, final_idx, final_obs = remote.step(actions)
            exp_obs, exp_rew, exp_term, exp_trunc, exp_idx, exp_final = [], [], [], [], [], []
            for i, e in enumerate(direct):
                o, r, te, tr, _ = e.step(actions[i].astype(space.dtype))
                exp_rew.append(float(r))
                exp_term.append(te)
                exp_trunc.append(tr)
                if te or tr:
                    exp_idx.append(i)
                    exp_final.append(o)
                    o, _ = e.reset()
                exp_obs.append(o)
            where = f"{env_id} step {t}"
            assert_same_bits(obs, np.stack(exp_obs), f"{where} obs")
            assert_same_bits(rewards, np.array(exp_rew, dtype=np.float64), f"{where} rewards")
            assert terminated.tolist() == exp_term and truncated.tolist() == exp_trunc, where
            assert final_idx.tolist() == exp_idx, where
            if exp_idx:
                assert_same_bits(final_obs, np.stack(exp_final), f"{where} final obs")
            endings += len(exp_idx)
    if expect_endings:
        assert endings > 0, f"{env_id}: no episode ended in {STEPS} steps; autoreset untested"
