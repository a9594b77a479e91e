"""The CLIs as a Java launcher sees them: the LISTENING line, exit with the parent, one-line
errors with exit code 2 (unknown id, missing dependencies), and the trajectory tool's CSV."""

import os
import select
import signal
import subprocess
import sys
import textwrap
import time

import gymnasium as gym
import numpy as np
import pytest

from conftest import PYTHON_DIR, assert_same_bits, run_module, subprocess_env
from sac4j_gym import PIP_INSTALL
from sac4j_gym.client import RemoteVectorEnv

SERVER = "sac4j_gym.server"


def start_server(*args, stdin=subprocess.PIPE):
    return subprocess.Popen([sys.executable, "-m", SERVER, *args], stdin=stdin,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=subprocess_env(), cwd=str(PYTHON_DIR))


def read_listening_port(stream, timeout=30.0) -> int:
    ready, _, _ = select.select([stream], [], [], timeout)
    assert ready, "no LISTENING line"
    line = stream.readline()
    assert line.startswith("SAC4J_GYM_LISTENING port=") and line.endswith("\n"), line
    return int(line.strip().split("=", 1)[1])


def wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def one_line_error(result) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_listening_line_then_exit_when_stdin_closes(tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text("t0ken\n")
    proc = start_server("--env", "Pendulum-v1", "--num-envs", "2", "--exit-with-parent",
                        "--token-file", str(token_file))
    try:
        port = read_listening_port(proc.stdout)
        with RemoteVectorEnv(f"127.0.0.1:{port}", token="t0ken") as remote:
            assert remote.num_envs == 2 and remote.reset(seed=0).shape == (2, 3)
        proc.stdin.close()
        assert proc.wait(timeout=5) == 0
        assert proc.stdout.read() == ""  # the LISTENING line was the only one
    finally:
        proc.kill()
        proc.wait()


def test_exits_when_parent_is_killed():
    """The parent (a python that started the server with a stdin pipe) dies by SIGKILL: the pipe
    closes and PR_SET_PDEATHSIG fires; the server must go within a few seconds."""
    parent_code = textwrap.dedent(f"""
        import subprocess, sys, time
        child = subprocess.Popen([sys.executable, "-m", "{SERVER}", "--env", "Pendulum-v1",
                                  "--exit-with-parent"], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, text=True)
        line = child.stdout.readline()
        print(child.pid, line.strip(), flush=True)
        time.sleep(60)
    """)
    parent = subprocess.Popen([sys.executable, "-c", parent_code], stdout=subprocess.PIPE,
                              text=True, env=subprocess_env(), cwd=str(PYTHON_DIR))
    try:
        pid_text, listening = parent.stdout.readline().split(" ", 1)
        assert listening.startswith("SAC4J_GYM_LISTENING port=")
        server_pid = int(pid_text)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        assert wait_gone(server_pid, 5.0), "server outlived its parent"
    finally:
        parent.kill()
        parent.wait()


def test_parent_death_signal_alone_stops_it():
    """PR_SET_PDEATHSIG by itself: the parent dies but a sleeper it started keeps the write end
    of the server's stdin pipe open, so no EOF comes; the server must still go."""
    parent_code = textwrap.dedent(f"""
        import os, subprocess, sys, time
        r, w = os.pipe()
        sleeper = subprocess.Popen(["sleep", "30"], pass_fds=(w,))
        child = subprocess.Popen([sys.executable, "-m", "{SERVER}", "--env", "Pendulum-v1",
                                  "--exit-with-parent"], stdin=r, stdout=subprocess.PIPE,
                                 text=True)
        line = child.stdout.readline()
        print(child.pid, sleeper.pid, line.strip(), flush=True)
        time.sleep(60)
    """)
    parent = subprocess.Popen([sys.executable, "-c", parent_code], stdout=subprocess.PIPE,
                              text=True, env=subprocess_env(), cwd=str(PYTHON_DIR))
    sleeper_pid = None
    try:
        server_pid, sleeper_pid, listening = parent.stdout.readline().split(" ", 2)
        assert listening.startswith("SAC4J_GYM_LISTENING port=")
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        assert wait_gone(int(server_pid), 5.0), "server outlived its parent"
    finally:
        parent.kill()
        parent.wait()
        if sleeper_pid is not None:
            os.kill(int(sleeper_pid), signal.SIGKILL)


def test_sigterm_stops_cleanly():
    proc = start_server("--env", "sac4j_gym/NoOp-v0", stdin=subprocess.DEVNULL)
    try:
        read_listening_port(proc.stdout)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=5) == 0
    finally:
        proc.kill()
        proc.wait()


def test_stop_signal_handler_takes_no_lock():
    # The orphan-server bug: a SIGTERM handler that called stop.set() ran while the main thread
    # held the Event's lock (inside stop.wait), and waited on that lock forever. Here the signal is
    # sent while the main thread holds exactly that lock; a handler taking it would hang the child.
    code = textwrap.dedent("""
        import os, signal, threading
        from sac4j_gym import server
        stop = threading.Event()
        received = server._record_stop_signals()
        with stop._cond:
            os.kill(os.getpid(), signal.SIGTERM)
            for _ in range(1000):  # bytecodes, so that the handler runs here, inside the lock
                pass
        print(received == [signal.SIGTERM], flush=True)
    """)
    done = subprocess.run([sys.executable, "-c", code], env=subprocess_env(), capture_output=True,
                          text=True, timeout=20)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"


def test_sigusr1_dumps_every_threads_stack_and_keeps_serving():
    proc = start_server("--env", "sac4j_gym/NoOp-v0", stdin=subprocess.DEVNULL)
    try:
        read_listening_port(proc.stdout)
        proc.send_signal(signal.SIGUSR1)
        time.sleep(0.5)
        assert proc.poll() is None, "SIGUSR1 ended the server"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
        err = proc.stderr.read()
        assert "most recent call first" in err and "_serve" in err, err
    finally:
        proc.kill()
        proc.wait()


def test_unknown_id_is_gymnasiums_message_in_one_line_exit_2():
    line = one_line_error(run_module(SERVER, "--env", "NoSuchEnv-v0"))
    assert line == ("sac4j_gym.server: error: NameNotFound: Environment `NoSuchEnv` doesn't "
                    "exist.")


def test_bad_env_kwargs_exit_2():
    line = one_line_error(run_module(SERVER, "--env", "Pendulum-v1", "--env-kwargs", "{bad"))
    assert "--env-kwargs is not JSON" in line
    line = one_line_error(run_module(SERVER, "--env", "Pendulum-v1", "--env-kwargs", '{"g": 1, "x": 2}'))
    assert "TypeError" in line and "'x'" in line


def test_missing_token_file_exit_2(tmp_path):
    line = one_line_error(run_module(SERVER, "--env", "Pendulum-v1", "--token-file",
                                     str(tmp_path / "absent")))
    assert "cannot read --token-file" in line


def test_port_in_use_exit_2():
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        line = one_line_error(run_module(SERVER, "--env", "sac4j_gym/NoOp-v0", "--port", str(port)))
    assert f"cannot listen on 127.0.0.1:{port}" in line


BLOCK_AND_RUN = textwrap.dedent("""
    import importlib.abc, runpy, sys
    blocked = sys.argv[1]
    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == blocked or name.startswith(blocked + "."):
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    sys.meta_path.insert(0, Block())
    sys.argv = ["sac4j_gym.server"] + sys.argv[2:]
    runpy.run_module("sac4j_gym.server", run_name="__main__", alter_sys=True)
""")


@pytest.mark.parametrize("module,distribution,env_id", [
    ("grpc", "grpcio", "Pendulum-v1"),
    ("gymnasium", "gymnasium", "Pendulum-v1"),
    ("numpy", "numpy", "Pendulum-v1"),
    ("google.protobuf", "protobuf", "Pendulum-v1"),
    ("mujoco", "mujoco", "HalfCheetah-v5"),  # Gymnasium's DependencyNotInstalled
    ("imageio", "imageio", "HalfCheetah-v5"),
])
def test_missing_dependency_is_one_line_with_pip_command_exit_2(module, distribution, env_id):
    result = subprocess.run([sys.executable, "-c", BLOCK_AND_RUN, module, "--env", env_id],
                            capture_output=True, text=True, timeout=60, env=subprocess_env(),
                            cwd=str(PYTHON_DIR))
    line = one_line_error(result)
    assert line.startswith("sac4j_gym.server: error: ")
    assert f"missing dependency {distribution} (" in line, line
    assert line.endswith(PIP_INSTALL)


# -- the trajectory tool ------------------------------------------------------------------------

def parse_csv(text: str):
    lines = text.strip().splitlines()
    header = lines[0].split(",")
    rows = [line.split(",") for line in lines[1:]]
    return header, rows


def test_trajectory_is_exact_and_stops_at_first_episode_end(tmp_path):
    env_id, seed = "Hopper-v5", 5
    env = gym.make(env_id)
    rng = np.random.default_rng(0)
    actions = rng.uniform(-1, 1, size=(400, 3))
    path = tmp_path / "actions.txt"
    path.write_text("# random actions\n" + "\n".join(",".join(repr(float(v)) for v in a)
                                                    for a in actions) + "\n")
    result = run_module("sac4j_gym.trajectory", "--env", env_id, "--seed", str(seed),
                        "--actions", str(path))
    assert result.returncode == 0, result.stderr
    header, rows = parse_csv(result.stdout)
    assert header[:5] == ["t", "reward", "terminated", "truncated", "next_obs_0"]
    assert len(header) == 4 + 11
    obs, _ = env.reset(seed=seed)
    assert rows[0][:4] == ["-1", "", "", ""]
    assert_same_bits(np.array([float(v) for v in rows[0][4:]]), obs, "reset row")
    for t, row in enumerate(rows[1:]):
        obs, reward, terminated, truncated, _ = env.step(actions[t].astype(np.float32))
        assert int(row[0]) == t
        assert_same_bits(np.array(float(row[1])), np.array(float(reward)), f"reward {t}")
        assert (row[2], row[3]) == (str(int(terminated)), str(int(truncated)))
        assert_same_bits(np.array([float(v) for v in row[4:]]), obs, f"obs {t}")
    assert terminated or truncated, "stopped before the episode ended"
    assert len(rows) - 1 < len(actions), "random Hopper actions should end the episode early"


def test_trajectory_float32_and_discrete(tmp_path):
    path = tmp_path / "actions.txt"
    path.write_text("1\n0\n1\n")
    result = run_module("sac4j_gym.trajectory", "--env", "CartPole-v1", "--seed", "0",
                        "--actions", str(path), "--dtype", "float32")
    assert result.returncode == 0, result.stderr
    _, rows = parse_csv(result.stdout)
    env = gym.make("CartPole-v1")
    env.reset(seed=0)
    for action, row in zip([1, 0, 1], rows[1:]):
        obs = env.step(action)[0]
        printed = np.array([float(v) for v in row[4:]]).astype(np.float32)
        assert_same_bits(printed, obs.astype(np.float32), "float32 obs")
    assert len(rows) == 4


def test_trajectory_bad_action_line_exit_2(tmp_path):
    path = tmp_path / "actions.txt"
    path.write_text("0.1,0.2\n")
    line = one_line_error(run_module("sac4j_gym.trajectory", "--env", "Pendulum-v1", "--seed",
                                     "0", "--actions", str(path)))
    assert "actions line 1: 2 values" in line


def test_a_users_own_env_as_module_colon_id(tmp_path):
    """gym.make's "module:Name-vN" form: the server imports the user's module, which registers the id,
    and serves it with its registered time limit (gym.spec alone would not import the module)."""
    (tmp_path / "my_line_env.py").write_text(textwrap.dedent("""
        import gymnasium as gym
        import numpy as np

        class Line(gym.Env):
            observation_space = gym.spaces.Box(-10, 10, (1,), np.float32)
            action_space = gym.spaces.Box(-1, 1, (1,), np.float32)

            def reset(self, seed=None, options=None):
                super().reset(seed=seed)
                self.x = np.zeros(1, np.float32)
                return self.x.copy(), {}

            def step(self, a):
                self.x = (self.x + a).astype(np.float32)
                return self.x.copy(), float(-abs(self.x[0])), False, False, {}

        gym.register("MyLine-v0", entry_point=Line, max_episode_steps=7)
    """))
    env = subprocess_env()
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), env["PYTHONPATH"]])
    proc = subprocess.Popen([sys.executable, "-m", SERVER, "--env", "my_line_env:MyLine-v0", "--exit-with-parent"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=str(PYTHON_DIR))
    try:
        port = read_listening_port(proc.stdout)
        with RemoteVectorEnv(f"127.0.0.1:{port}") as remote:
            assert remote.max_episode_steps == 7
            remote.reset(seed=0)
            obs, reward, terminated, truncated, _ = remote.step(np.full((1, 1), 0.5, np.float32))[:5]
            assert float(obs[0, 0]) == 0.5 and float(reward[0]) == -0.5
    finally:
        proc.kill()
        proc.wait()
