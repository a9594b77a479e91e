"""Spaces as Open reports them: Box -> BoxSpace, Discrete -> DiscreteSpace, else unsupported."""

import gymnasium as gym
import numpy as np
import pytest

from sac4j_gym import codec
from sac4j_gym import sac4j_env_pb2 as pb
from sac4j_gym.client import RemoteEnvError, RemoteVectorEnv

DICT_ID = "sac4j_gym_tests/DictObs-v0"


class DictObsEnv(gym.Env):
    """An env whose observation space the protocol cannot carry."""

    observation_space = gym.spaces.Dict({"pos": gym.spaces.Box(-1, 1, (2,)),
                                         "flag": gym.spaces.Discrete(2)})
    action_space = gym.spaces.Box(-1, 1, (1,), dtype=np.float32)

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        return self.observation_space.sample(), {}

    def step(self, action):
        return self.observation_space.sample(), 0.0, False, False, {}


if DICT_ID not in gym.registry:
    gym.register(DICT_ID, entry_point=DictObsEnv)


def open_reply(serve, env_id):
    with RemoteVectorEnv(serve(env_id).target, num_envs=1) as remote:
        return remote.open_reply


def test_pendulum_box_spaces(serve):
    reply = open_reply(serve, "Pendulum-v1")
    box = reply.observation_space.box
    assert list(box.shape) == [3] and box.dtype == pb.FLOAT32
    assert list(box.low) == [-1.0, -1.0, -8.0] and list(box.high) == [1.0, 1.0, 8.0]
    act = reply.action_space.box
    assert list(act.shape) == [1] and act.dtype == pb.FLOAT32
    assert list(act.low) == [-2.0] and list(act.high) == [2.0]
    assert reply.max_episode_steps == 200
    assert reply.env_id == "Pendulum-v1" and reply.num_envs == 1
    assert (reply.server_version.major, reply.server_version.minor) == (1, 1)  # 1.1: signed_seeds
    assert "gymnasium 1.3.0" in reply.server_info


def test_cartpole_infinite_bounds_and_discrete_actions(serve):
    reply = open_reply(serve, "CartPole-v1")
    box = reply.observation_space.box
    expected = gym.make("CartPole-v1").observation_space
    # float32 bounds widened to float64 exactly, infinities kept
    assert list(box.high) == [float(x) for x in expected.high]
    assert np.isinf(box.high[1]) and np.isinf(box.low[3]) and box.low[3] < 0
    assert reply.action_space.WhichOneof("kind") == "discrete"
    assert (reply.action_space.discrete.n, reply.action_space.discrete.start) == (2, 0)
    assert reply.max_episode_steps == 500


def test_half_cheetah_float64_observations_float32_actions(serve):
    reply = open_reply(serve, "HalfCheetah-v5")
    box = reply.observation_space.box
    assert list(box.shape) == [17] and box.dtype == pb.FLOAT64
    assert all(np.isneginf(box.low)) and all(np.isposinf(box.high))
    act = reply.action_space.box
    assert list(act.shape) == [6] and act.dtype == pb.FLOAT32
    assert list(act.low) == [-1.0] * 6 and list(act.high) == [1.0] * 6
    assert reply.max_episode_steps == 1000
    assert "mujoco 3.14.0" in reply.server_info


def test_dict_observation_space_is_unsupported_and_refused_on_reset(serve):
    with RemoteVectorEnv(serve(DICT_ID).target, num_envs=2) as remote:
        unsupported = remote.open_reply.observation_space.unsupported
        assert unsupported == repr(DictObsEnv.observation_space) and unsupported.startswith("Dict(")
        assert remote.observation_space is None
        assert remote.open_reply.action_space.WhichOneof("kind") == "box"
        with pytest.raises(RemoteEnvError) as err:
            remote.reset(seed=0)
        assert err.value.code.name == "FAILED_PRECONDITION"
        assert "observation space Dict(" in err.value.description


def test_tuple_observation_space_of_blackjack_is_unsupported(serve):
    reply = open_reply(serve, "Blackjack-v1")
    assert reply.observation_space.unsupported == "Tuple(Discrete(32), Discrete(11), Discrete(2))"
    assert reply.action_space.discrete.n == 2


@pytest.mark.parametrize("space", [
    gym.spaces.Box(-1, 1, (2, 3), dtype=np.float32),
    gym.spaces.Box(0, 255, (4, 4, 3), dtype=np.uint8),
    gym.spaces.Box(-np.inf, np.inf, (5,), dtype=np.float64),
    gym.spaces.Discrete(7, start=-3),
])
def test_space_round_trip_through_messages(space):
    assert codec.space_from_proto(pb.Space.FromString(
        codec.space_to_proto(space).SerializeToString())) == space


def test_box_of_a_dtype_without_protocol_dtype_is_unsupported():
    space = gym.spaces.Box(-1, 1, (2,), dtype=np.float16)
    assert codec.space_to_proto(space).unsupported == repr(space)
    assert codec.space_to_proto(gym.spaces.MultiDiscrete([2, 3])).WhichOneof("kind") == "unsupported"
