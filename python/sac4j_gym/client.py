"""A small Python client of the protocol: the tests' and the benchmark's view of a server.

The JVM trainer is the real client (sac4j-gym's RemoteVectorEnv); this one exists so that the
server can be tested end to end, and so that its round trip can be measured without the JVM.
"""

from __future__ import annotations

import json
from typing import Any

import grpc
import numpy as np

import sac4j_gym
from sac4j_gym import codec
from sac4j_gym import sac4j_env_pb2 as pb


class RemoteEnvError(RuntimeError):
    """A failed call: the gRPC status ``code``, one-line ``description`` and, when the error was
    an exception raised by the environment, its type name ``error_type`` (sac4j-error-type)."""

    def __init__(self, method: str, code: grpc.StatusCode, description: str,
                 error_type: str | None):
        super().__init__(f"{method}: {code.name}: {description}")
        self.method = method
        self.code = code
        self.description = description
        self.error_type = error_type


class RemoteVectorEnv:
    """``num_envs`` copies of the environment served at ``target`` ("host:port"), as one vector.

    ``step`` returns ``(obs, rewards, terminated, truncated, final_indices, final_obs)``: the
    protocol's same-step autoreset, so ``obs[i]`` is already the next episode's first observation
    for each ``i`` in ``final_indices`` and ``final_obs`` holds their real final observations.
    """

    def __init__(self, target: str, num_envs: int = 0, token: str | None = None,
                 client: str = "sac4j_gym.client", timeout: float | None = 60.0,
                 max_message_bytes: int = 64 * 1024 * 1024,
                 version: tuple[int, int] = (sac4j_gym.PROTOCOL_MAJOR, sac4j_gym.PROTOCOL_MINOR),
                 tls_ca: bytes | None = None):
        options = [("grpc.max_receive_message_length", max_message_bytes)]
        if tls_ca is None:
            self._channel = grpc.insecure_channel(target, options=options)
        else:  # TLS, trusting the PEM certificates tls_ca (the server's own, or its authority)
            self._channel = grpc.secure_channel(
                target, grpc.ssl_channel_credentials(root_certificates=tls_ca), options=options)
        self._timeout = timeout
        self._metadata = ((sac4j_gym.TOKEN_METADATA_KEY, token),) if token is not None else None
        self._calls = {
            name: self._channel.unary_unary(
                f"/{sac4j_gym.SERVICE_NAME}/{name}",
                request_serializer=request.SerializeToString,
                response_deserializer=reply.FromString)
            for name, request, reply in (
                ("Open", pb.OpenRequest, pb.OpenReply), ("Reset", pb.ResetRequest, pb.ResetReply),
                ("Step", pb.StepRequest, pb.StepReply), ("Close", pb.CloseRequest, pb.CloseReply))
        }
        self.session_id: str | None = None
        try:
            reply = self.call("Open", pb.OpenRequest(
                client_version=pb.Version(major=version[0], minor=version[1]),
                num_envs=num_envs, client=client))
        except BaseException:
            self._channel.close()
            raise
        self.open_reply = reply
        self.session_id = reply.session_id
        self.num_envs = reply.num_envs
        self.env_id = reply.env_id
        self.max_episode_steps = reply.max_episode_steps
        #: Gymnasium spaces, or None where the server said ``unsupported``.
        self.observation_space = codec.space_from_proto(reply.observation_space)
        self.action_space = codec.space_from_proto(reply.action_space)

    def call(self, method: str, request) -> Any:
        """One raw RPC; failures become RemoteEnvError (tests use it to send malformed requests)."""
        try:
            return self._calls[method](request, timeout=self._timeout, metadata=self._metadata)
        except grpc.RpcError as exc:
            error_type = None
            for key, value in exc.trailing_metadata() or ():
                if key == sac4j_gym.ERROR_TYPE_METADATA_KEY:
                    error_type = value
            raise RemoteEnvError(method, exc.code(), exc.details() or "", error_type) from exc

    def reset(self, seed: int | None = None, options: dict | None = None) -> np.ndarray:
        """Resets every copy (copy i with seed + i) and returns [num_envs, *obs shape]."""
        request = pb.ResetRequest(session_id=self.session_id,
                                  options_json=json.dumps(options) if options else "")
        if seed is not None:
            request.has_seed = True
            request.seed = seed
        return codec.from_tensor(self.call("Reset", request).observations, "observations")

    def step(self, actions) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                                     np.ndarray, np.ndarray]:
        """Steps every copy; ``actions`` is [num_envs, *action shape] (float) or [num_envs] (int).

        The arrays returned are read-only views of the reply (no copy); copy them to modify.
        """
        actions = np.asarray(actions)
        if actions.dtype.kind in "iu":
            actions = actions.astype(np.int64, copy=False)
        elif actions.dtype not in (np.float32, np.float64):
            actions = actions.astype(np.float64)
        reply = self.call("Step", pb.StepRequest(session_id=self.session_id,
                                                 actions=codec.to_tensor(actions)))
        return (codec.from_tensor(reply.observations, "observations"),
                codec.from_tensor(reply.rewards, "rewards"),
                np.array(reply.terminated, dtype=bool), np.array(reply.truncated, dtype=bool),
                np.array(reply.final_indices, dtype=np.int64),
                codec.from_tensor(reply.final_observations, "final_observations"))

    def close(self) -> None:
        """Closes the session (if still open) and the channel."""
        try:
            if self.session_id is not None:
                session_id, self.session_id = self.session_id, None
                self.call("Close", pb.CloseRequest(session_id=session_id))
        finally:
            self._channel.close()

    def __enter__(self) -> "RemoteVectorEnv":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
