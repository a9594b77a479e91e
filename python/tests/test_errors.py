"""Error paths: each gives the proto's status code, a one-line description naming the problem,
sac4j-error-type exactly when the environment raised, and leaves the server serving."""

import shutil
import subprocess

import grpc
import gymnasium as gym
import numpy as np
import pytest

from conftest import run_module
from sac4j_gym import codec, envs, service
from sac4j_gym import sac4j_env_pb2 as pb
from sac4j_gym.client import RemoteEnvError, RemoteVectorEnv
from sac4j_gym.envs import NOOP_ID


def call_error(fn, *args):
    with pytest.raises(RemoteEnvError) as err:
        fn(*args)
    assert "\n" not in err.value.description
    return err.value


def test_unknown_gymnasium_id_fails_at_start():
    with pytest.raises(gym.error.NameNotFound, match="Environment `NoSuchEnv` doesn't exist"):
        service.start_server("NoSuchEnv-v0")


def test_env_raising_mid_step_is_internal_with_index_type_and_message(serve):
    server = serve(envs.FAULTY_ID, env_kwargs={"fail_at_step": 3, "fail_seed": 103})
    with RemoteVectorEnv(server.target, num_envs=4) as remote:
        remote.reset(seed=100)  # copy 3 is seeded 103: only it fails
        actions = np.zeros((4, 1), np.float32)
        remote.step(actions)
        remote.step(actions)
        err = call_error(remote.step, actions)
        assert err.code.name == "INTERNAL"
        assert err.description == "env 3: RuntimeError: boom at step 3"
        assert err.error_type == "RuntimeError"
        # part of the copies stepped: the session wants a Reset before stepping again
        err = call_error(remote.step, actions)
        assert err.code.name == "FAILED_PRECONDITION" and err.error_type is None
        remote.reset(seed=0)  # no copy seeded 103 now: none fails
        for _ in range(4):
            remote.step(actions)


def test_env_raising_in_reset_is_internal_with_index(serve):
    server = serve(envs.FAULTY_ID, env_kwargs={"fail_reset_seed": 11})
    with RemoteVectorEnv(server.target, num_envs=3) as remote:
        err = call_error(remote.reset, 10)
        assert err.code.name == "INTERNAL"
        assert err.description == "env 1: RuntimeError: boom at reset with seed 11"
        assert err.error_type == "RuntimeError"
        err = call_error(remote.step, np.zeros((3, 1), np.float32))
        assert err.code.name == "FAILED_PRECONDITION"
        remote.reset(seed=20)
        remote.step(np.zeros((3, 1), np.float32))


def test_nan_observation_is_passed_on_unchanged(serve):
    server = serve(envs.NAN_OBS_ID, env_kwargs={"nan_at_step": 2, "obs_dim": 3})
    with RemoteVectorEnv(server.target, num_envs=2) as remote:
        remote.reset(seed=0)
        assert np.isfinite(remote.step(np.zeros((2, 1)))[0]).all()
        assert np.isnan(remote.step(np.zeros((2, 1)))[0]).all()


@pytest.mark.parametrize("shape,expected", [
    ((2, 5), "shape [2, 5] (10 values), expected [2, 1]"),
    ((3, 1), "shape [3, 1] (3 values), expected [2, 1]"),
    ((2,), "shape [2] (2 values), expected [2, 1]"),
])
def test_wrong_action_shape_is_invalid_argument_naming_sizes(serve, shape, expected):
    with RemoteVectorEnv(serve("Pendulum-v1").target, num_envs=2) as remote:
        remote.reset(seed=0)
        err = call_error(remote.step, np.zeros(shape, np.float32))
        assert err.code.name == "INVALID_ARGUMENT" and expected in err.description
        assert err.error_type is None
        remote.step(np.zeros((2, 1), np.float32))  # the session is unharmed


def test_data_length_and_dtype_are_checked(serve):
    with RemoteVectorEnv(serve("Pendulum-v1").target, num_envs=2) as remote:
        remote.reset(seed=0)
        short = pb.Tensor(shape=[2, 1], dtype=pb.FLOAT32, data=b"\0" * 4)
        err = call_error(remote.call, "Step", pb.StepRequest(session_id=remote.session_id,
                                                             actions=short))
        assert err.code.name == "INVALID_ARGUMENT"
        assert "needs 8 bytes of data, got 4" in err.description
        err = call_error(remote.step, np.zeros((2, 1), np.int64))
        assert err.code.name == "INVALID_ARGUMENT" and "dtype INT64" in err.description
    with RemoteVectorEnv(serve("CartPole-v1").target, num_envs=2) as remote:
        remote.reset(seed=0)
        err = call_error(remote.step, np.zeros(2, np.float32))
        assert err.code.name == "INVALID_ARGUMENT" and "expected INT64" in err.description
        err = call_error(remote.step, np.array([0, 2]))
        assert err.code.name == "INVALID_ARGUMENT"
        assert "env 1: action 2 is outside Discrete(2" in err.description


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_action_is_invalid_argument(serve, bad):
    with RemoteVectorEnv(serve("Pendulum-v1").target, num_envs=3) as remote:
        remote.reset(seed=0)
        actions = np.zeros((3, 1))
        actions[1, 0] = bad
        err = call_error(remote.step, actions)
        assert err.code.name == "INVALID_ARGUMENT"
        assert err.description == f"actions: env 1: non-finite action [{bad}]"


def test_unknown_session_is_not_found(serve):
    server = serve("Pendulum-v1")
    with RemoteVectorEnv(server.target, num_envs=1) as remote:
        for method, request in [
            ("Reset", pb.ResetRequest(session_id="nope")),
            ("Step", pb.StepRequest(session_id="nope", actions=codec.to_tensor(np.zeros((1, 1))))),
            ("Close", pb.CloseRequest(session_id="nope")),
        ]:
            err = call_error(remote.call, method, request)
            assert err.code.name == "NOT_FOUND" and "unknown session 'nope'" in err.description
        closed = RemoteVectorEnv(server.target, num_envs=1)
        closed_id = closed.session_id
        closed.close()
        for method, request in [("Reset", pb.ResetRequest(session_id=closed_id)),
                                ("Close", pb.CloseRequest(session_id=closed_id))]:
            err = call_error(remote.call, method, request)
            assert err.code.name == "NOT_FOUND", method


def test_version_mismatch_names_both_versions(serve):
    server = serve("Pendulum-v1")
    err = call_error(RemoteVectorEnv, server.target, 1, None, "test", 10.0, 1 << 20, (2, 3))
    assert err.code.name == "FAILED_PRECONDITION"
    assert "client 2.3, server 1.1" in err.description
    with RemoteVectorEnv(server.target, version=(1, 9)) as remote:  # another minor is fine
        assert remote.reset(seed=0).shape == (1, 3)
    assert server.servicer.session_count == 0


def test_oversized_message_is_refused_by_grpc_and_server_keeps_serving(serve):
    server = serve("Pendulum-v1")  # default limit: 16 MiB
    with RemoteVectorEnv(server.target, num_envs=1) as remote:
        remote.reset(seed=0)
        huge = pb.Tensor(shape=[1, 1], dtype=pb.FLOAT32, data=b"\0" * (17 * 1024 * 1024))
        err = call_error(remote.call, "Step", pb.StepRequest(session_id=remote.session_id,
                                                             actions=huge))
        assert err.code.name == "RESOURCE_EXHAUSTED"
        assert remote.step(np.zeros((1, 1), np.float32))[0].shape == (1, 3)
        # just under the limit passes gRPC and is then refused by our size check
        big = pb.Tensor(shape=[1, 1], dtype=pb.FLOAT32, data=b"\0" * (15 * 1024 * 1024))
        err = call_error(remote.call, "Step", pb.StepRequest(session_id=remote.session_id,
                                                             actions=big))
        assert err.code.name == "INVALID_ARGUMENT"


def test_token_is_required_when_configured(serve):
    server = serve("Pendulum-v1", token="s3cret")
    err = call_error(RemoteVectorEnv, server.target)
    assert err.code.name == "UNAUTHENTICATED" and "missing token" in err.description
    assert "sac4j-token" in err.description
    err = call_error(RemoteVectorEnv, server.target, 1, "s3cret-not")
    assert err.code.name == "UNAUTHENTICATED" and "wrong token" in err.description
    with RemoteVectorEnv(server.target, token="s3cret") as remote:
        assert remote.reset(seed=0).shape == (1, 3)


def test_bad_requests_on_one_session_leave_another_serving(serve):
    server = serve("Pendulum-v1", num_envs=2)
    with RemoteVectorEnv(server.target) as bad, RemoteVectorEnv(server.target) as good:
        bad.reset(seed=0)
        good.reset(seed=0)
        call_error(bad.step, np.full((2, 1), np.nan))
        call_error(bad.step, np.zeros((5, 5)))
        call_error(bad.call, "Step", pb.StepRequest(session_id="nope"))
        for _ in range(3):
            assert good.step(np.zeros((2, 1), np.float32))[1].shape == (2,)
        bad.step(np.zeros((2, 1), np.float32))


def test_session_limit_is_resource_exhausted(serve):
    server = serve("Pendulum-v1", max_sessions=2)
    with RemoteVectorEnv(server.target), RemoteVectorEnv(server.target):
        err = call_error(RemoteVectorEnv, server.target)
        assert err.code.name == "RESOURCE_EXHAUSTED" and "limit is 2" in err.description
    with RemoteVectorEnv(server.target):  # closing freed the slots
        pass


def _self_signed(where):
    """A self-signed certificate for 127.0.0.1 and localhost, and its key (PEM), made by openssl."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed: no certificate to test TLS with")
    where.mkdir(exist_ok=True)
    cert, key = where / "cert.pem", where / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-days", "2", "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert),
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                   check=True, capture_output=True)
    return cert.read_bytes(), key.read_bytes()


def test_tls_server_serves_a_client_that_trusts_it_and_no_plaintext_one(serve, tmp_path):
    cert, key = _self_signed(tmp_path / "server")
    running = serve(NOOP_ID, tls=(cert, key))
    env = RemoteVectorEnv(running.target, 2, tls_ca=cert)
    try:
        env.reset(seed=1)
        obs, rewards, *_ = env.step(np.zeros((2, 1), np.float32))
        assert obs.shape == (2, 1) and rewards.tolist() == [0.0, 0.0]
    finally:
        env.close()
    with pytest.raises(RemoteEnvError) as plain:
        RemoteVectorEnv(running.target, 1, timeout=5)
    assert plain.value.code == grpc.StatusCode.UNAVAILABLE
    other_cert, _ = _self_signed(tmp_path / "other")
    with pytest.raises(RemoteEnvError) as untrusted:
        RemoteVectorEnv(running.target, 1, timeout=5, tls_ca=other_cert)
    assert untrusted.value.code == grpc.StatusCode.UNAVAILABLE


def test_tls_cert_without_key_exit_2(tmp_path):
    cert = tmp_path / "cert.pem"
    cert.write_text("x")
    result = run_module("sac4j_gym.server", "--env", NOOP_ID, "--tls-cert", str(cert))
    assert result.returncode == 2
    assert result.stderr.strip().endswith("--tls-cert and --tls-key go together; got only --tls-cert"), result.stderr
