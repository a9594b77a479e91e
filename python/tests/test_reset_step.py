"""Reset seeding and Step's same-step autoreset, checked against gym.make copies stepped here."""

import threading

import gymnasium as gym
import numpy as np
import pytest

from conftest import assert_same_bits
from sac4j_gym import sac4j_env_pb2 as pb
from sac4j_gym.client import RemoteEnvError, RemoteVectorEnv


def test_copy_i_is_seeded_seed_plus_i_and_unseeded_reset_continues(serve):
    remote = RemoteVectorEnv(serve("Pendulum-v1").target, num_envs=4)
    direct = [gym.make("Pendulum-v1") for _ in range(4)]
    with remote:
        obs = remote.reset(seed=10)
        assert_same_bits(obs, np.stack([e.reset(seed=10 + i)[0] for i, e in enumerate(direct)]),
                         "seeded reset")
        # distinct seeds give distinct copies (a server seeding all copies alike would fail here)
        assert len({row.tobytes() for row in obs}) == 4
        obs = remote.reset()
        assert_same_bits(obs, np.stack([e.reset()[0] for e in direct]), "unseeded reset")


def test_num_envs_zero_takes_the_server_default(serve):
    with RemoteVectorEnv(serve("Pendulum-v1", num_envs=3).target, num_envs=0) as remote:
        assert remote.num_envs == 3
        assert remote.reset(seed=0).shape == (3, 3)


def test_reset_options_reach_the_env(serve):
    options = {"low": -0.01, "high": 0.01}
    with RemoteVectorEnv(serve("CartPole-v1").target, num_envs=2) as remote:
        obs = remote.reset(seed=5, options=options)
        expected = np.stack([gym.make("CartPole-v1").reset(seed=5 + i, options=options)[0]
                             for i in range(2)])
        assert_same_bits(obs, expected, "reset with options")
        assert np.abs(obs).max() <= 0.01
        with pytest.raises(RemoteEnvError) as err:
            remote.call("Reset", pb.ResetRequest(session_id=remote.session_id,
                                                 options_json="[1, 2]"))
        assert err.value.code.name == "INVALID_ARGUMENT" and "JSON object" in err.value.description


def test_pendulum_truncation_autoresets_with_real_final_observation(serve):
    n, seed = 2, 3
    direct = [gym.make("Pendulum-v1") for _ in range(n)]
    rng = np.random.default_rng(1)
    with RemoteVectorEnv(serve("Pendulum-v1").target, num_envs=n) as remote:
        remote.reset(seed=seed)
        for i, e in enumerate(direct):
            e.reset(seed=seed + i)
        for t in range(1, 202):
            actions = rng.uniform(-2, 2, size=(n, 1)).astype(np.float32)
            obs, rewards, terminated, truncated, final_idx, final_obs = remote.step(actions)
            stepped = [e.step(actions[i]) for i, e in enumerate(direct)]
            assert_same_bits(rewards, np.array([s[1] for s in stepped]), f"rewards at {t}")
            assert not terminated.any()
            if t == 200:  # Pendulum's TimeLimit
                assert truncated.all() and final_idx.tolist() == [0, 1]
                assert_same_bits(final_obs, np.stack([s[0] for s in stepped]), "final obs")
                # the row of obs is the next episode's first observation (reset without seed)
                assert_same_bits(obs, np.stack([e.reset()[0] for e in direct]), "autoreset obs")
            else:
                assert not truncated.any() and final_idx.size == 0
                assert final_obs.shape == (0, 3) and final_obs.dtype == np.float32
                assert_same_bits(obs, np.stack([s[0] for s in stepped]), f"obs at {t}")


def test_cartpole_termination_autoresets_only_the_copies_that_ended(serve):
    n, seed = 3, 11
    direct = [gym.make("CartPole-v1") for _ in range(n)]
    for i, e in enumerate(direct):
        e.reset(seed=seed + i)
    rng = np.random.default_rng(2)
    endings = 0
    with RemoteVectorEnv(serve("CartPole-v1").target, num_envs=n) as remote:
        remote.reset(seed=seed)
        for t in range(60):
            # mostly pushing right so that episodes end early, at different steps per copy
            actions = (rng.random(n) < 0.9).astype(np.int64)
            obs, rewards, terminated, truncated, final_idx, final_obs = remote.step(actions)
            expected_obs, expected_finals, expected_idx = [], [], []
            for i, e in enumerate(direct):
                o, r, te, tr, _ = e.step(int(actions[i]))
                assert (terminated[i], truncated[i], rewards[i]) == (te, tr, r)
                if te or tr:
                    expected_idx.append(i)
                    expected_finals.append(o)
                    o, _ = e.reset()
                expected_obs.append(o)
            assert final_idx.tolist() == expected_idx
            assert_same_bits(obs, np.stack(expected_obs), f"obs at {t}")
            if expected_idx:
                assert_same_bits(final_obs, np.stack(expected_finals), f"final obs at {t}")
            endings += len(expected_idx)
    assert endings >= 3 and not truncated.any()


def test_step_before_reset_is_a_failed_precondition(serve):
    with RemoteVectorEnv(serve("Pendulum-v1").target, num_envs=1) as remote:
        with pytest.raises(RemoteEnvError) as err:
            remote.step(np.zeros((1, 1), np.float32))
        assert err.value.code.name == "FAILED_PRECONDITION"
        assert "Step before Reset" in err.value.description


def test_concurrent_sessions_share_nothing(serve):
    """Two sessions stepped at once from two threads give the trajectory each gives alone."""
    server = serve("Pendulum-v1", num_envs=2)
    actions = np.random.default_rng(3).uniform(-2, 2, size=(50, 2, 1)).astype(np.float32)

    def trajectory(results, key):
        with RemoteVectorEnv(server.target) as remote:
            out = [remote.reset(seed=4)]
            out += [remote.step(a)[0] for a in actions]
            results[key] = np.stack(out)

    results = {}
    trajectory(results, "alone")
    threads = [threading.Thread(target=trajectory, args=(results, k)) for k in ("a", "b")]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert_same_bits(results["a"], results["alone"], "session a")
    assert_same_bits(results["b"], results["alone"], "session b")
    assert server.servicer.session_count == 0


class InPlaceClipEnv(gym.Env):
    """Clips its action in place, as some user envs do: the server must hand it a writable array."""

    observation_space = gym.spaces.Box(-1, 1, (1,), dtype=np.float64)
    action_space = gym.spaces.Box(-1, 1, (1,), dtype=np.float32)

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        return np.zeros(1), {}

    def step(self, action):
        np.clip(action, -1, 1, out=action)
        return action.astype(np.float64), 0.0, False, False, {}


def test_actions_reach_the_env_writable(serve):
    env_id = "sac4j_gym_tests/InPlaceClip-v0"
    if env_id not in gym.registry:
        gym.register(env_id, entry_point=InPlaceClipEnv)
    with RemoteVectorEnv(serve(env_id).target, num_envs=2) as remote:
        remote.reset(seed=0)
        obs = remote.step(np.array([[3.0], [-0.5]], np.float32))[0]
        assert obs.tolist() == [[1.0], [-0.5]]
