"""Shared fixtures: in-process servers (fast), and how to start the CLIs as subprocesses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

PYTHON_DIR = Path(__file__).resolve().parents[1]
REPO_ROOT = PYTHON_DIR.parent
if str(PYTHON_DIR) not in sys.path:  # tests run from a checkout, installed or not
    sys.path.insert(0, str(PYTHON_DIR))

from sac4j_gym import service  # noqa: E402  (registers the sac4j_gym/ envs)


@pytest.fixture
def serve():
    """serve(env_id, **start_server kwargs) -> a RunningServer on a free loopback port, stopped
    at the end of the test."""
    started = []

    def start(env_id, **kwargs):
        running = service.start_server(env_id, **kwargs)
        started.append(running)
        return running

    yield start
    for running in started:
        running.stop(grace=0)


def subprocess_env() -> dict:
    """Environment for a child python that must import this checkout's sac4j_gym."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PYTHON_DIR), env.get("PYTHONPATH")]))
    return env


def run_module(module: str, *args: str, timeout: float = 60, **kwargs) -> subprocess.CompletedProcess:
    """Runs ``python -m module args`` to completion with this interpreter, text output."""
    return subprocess.run([sys.executable, "-m", module, *args], capture_output=True, text=True,
                          timeout=timeout, env=subprocess_env(), cwd=str(PYTHON_DIR), **kwargs)


def assert_same_bits(actual: np.ndarray, expected: np.ndarray, what: str) -> None:
    """Same dtype, shape and bytes (so -0.0 vs 0.0 and NaN payloads count as differences)."""
    actual, expected = np.asarray(actual), np.asarray(expected)
    assert actual.dtype == expected.dtype, f"{what}: dtype {actual.dtype} != {expected.dtype}"
    assert actual.shape == expected.shape, f"{what}: shape {actual.shape} != {expected.shape}"
    if actual.tobytes() != expected.tobytes():
        differ = np.flatnonzero(actual.view(np.uint8).ravel() != expected.view(np.uint8).ravel())
        index = np.unravel_index(differ[0] // actual.itemsize, actual.shape)
        raise AssertionError(f"{what}: first difference at {tuple(map(int, index))}: "
                             f"{actual[index]!r} != {expected[index]!r}")
