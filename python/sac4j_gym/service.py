"""The EnvService of sac4j_env.proto, served with grpcio's generic handlers.

No grpcio-tools stubs: the four unary methods are wired by hand in :func:`generic_handler`, with
the generated message classes doing the (de)serialisation. Importing this module registers the
``sac4j_gym/`` test environments (sac4j_gym.envs).

Semantics (the .proto's comments are the contract; the points below are how this server meets it):

- Each copy of a session is a plain ``gym.make(env_id, **env_kwargs)``, not a gym.vector env, so
  the protocol's same-step autoreset is done here, exactly: a copy that ends is reset at once
  without a seed, and its real final observation goes into ``final_observations``.
- Calls on one session are serialised by a per-session lock; different sessions run concurrently
  on the server's thread pool and share nothing.
- A session whose copy raised during Step (or Reset) is left in an unknown state: part of its
  copies have stepped. It then refuses Step with FAILED_PRECONDITION until the next Reset.
- Errors are one-line gRPC descriptions; an exception raised by the environment (or Gymnasium)
  becomes INTERNAL "env <i>: <Type>: <message>" with trailing metadata sac4j-error-type = <Type>.
  Errors of the request itself carry no sac4j-error-type.
"""

from __future__ import annotations

import importlib

import hmac
import json
import logging
import math
import sys
import threading
import uuid
from concurrent import futures
from dataclasses import dataclass, field
from typing import Any, Callable

import grpc
import gymnasium as gym
import numpy as np

import sac4j_gym
from sac4j_gym import codec, envs
from sac4j_gym import sac4j_env_pb2 as pb
from sac4j_gym._deps import one_line

envs.register()

log = logging.getLogger("sac4j_gym.server")

DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024
DEFAULT_MAX_SESSIONS = 64
DEFAULT_MAX_ENVS_PER_SESSION = 4096
# The description travels percent-encoded in a header; grpc-java takes 8 KiB of headers by default,
# and a non-ASCII character can take 9 bytes encoded. 2000 characters leave room.
_MAX_DESCRIPTION_CHARS = 2000


class RpcFailure(Exception):
    """Ends an RPC with ``code`` and one-line ``description``; ``error_type`` goes to metadata."""

    def __init__(self, code: grpc.StatusCode, description: str, error_type: str | None = None):
        super().__init__(description)
        self.code = code
        self.description = one_line(description)[:_MAX_DESCRIPTION_CHARS]
        self.error_type = error_type


def env_failure(exc: BaseException, index: int | None = None) -> RpcFailure:
    """INTERNAL for an exception raised by environment ``index`` (or by gym.make when None)."""
    type_name = type(exc).__name__
    prefix = "" if index is None else f"env {index}: "
    return RpcFailure(grpc.StatusCode.INTERNAL, f"{prefix}{type_name}: {one_line(exc)}", type_name)


def server_info() -> str:
    """Implementation and versions, for OpenReply.server_info and the log."""
    parts = [f"sac4j_gym {sac4j_gym.__version__}", f"gymnasium {gym.__version__}"]
    mujoco = sys.modules.get("mujoco")
    if mujoco is not None:
        parts.append(f"mujoco {getattr(mujoco, '__version__', '?')}")
    parts += [f"numpy {np.__version__}", f"grpcio {grpc.__version__}",
              f"python {sys.version.split()[0]}"]
    return ", ".join(parts)


@dataclass
class Session:
    """The copies of one Open and what Step needs to encode their arrays quickly."""

    id: str
    client: str
    envs: list[gym.Env]
    observation_space: gym.Space
    action_space: gym.Space
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: True until the first Reset, and again after a copy raised mid-Step or mid-Reset.
    needs_reset: bool = True
    closed: bool = False

    @property
    def num_envs(self) -> int:
        return len(self.envs)

    def check_supported(self) -> None:
        for name, space in (("observation", self.observation_space), ("action", self.action_space)):
            if not codec.is_supported(space):
                raise RpcFailure(
                    grpc.StatusCode.FAILED_PRECONDITION,
                    f"session {self.id}: the {name} space {space!r} is not supported by the "
                    f"protocol (Box of float32/float64/int64/int32/uint8/bool, or Discrete)")

    def new_obs_buffer(self, rows: int) -> np.ndarray:
        shape, dt = codec.element_shape_and_dtype(self.observation_space)
        return np.empty((rows, *shape), dtype=dt)

    def put_obs(self, buffer: np.ndarray, row: int, obs: Any, index: int) -> None:
        """Writes copy ``index``'s observation into ``buffer[row]`` (cast to the space's dtype).

        An observation of the wrong shape is an error of the environment, reported as such.
        """
        if np.shape(obs) != buffer.shape[1:]:
            raise env_failure(ValueError(
                f"observation of shape {list(np.shape(obs))} does not fit the observation space "
                f"{self.observation_space!r} (shape {list(buffer.shape[1:])})"), index)
        buffer[row] = obs


class EnvServicer:
    """Serves sessions of ``gym.make(env_id, **env_kwargs)`` copies.

    ``token`` (bytes or str, or None for none) is compared with the sac4j-token metadata of every
    call in constant time.
    """

    def __init__(self, env_id: str, env_kwargs: dict[str, Any] | None = None, num_envs: int = 1,
                 token: str | None = None, max_sessions: int = DEFAULT_MAX_SESSIONS,
                 max_envs_per_session: int = DEFAULT_MAX_ENVS_PER_SESSION):
        if num_envs < 1:
            raise ValueError(f"num_envs must be >= 1, got {num_envs}")
        self.env_id = env_id
        self.env_kwargs = dict(env_kwargs or {})
        self.default_num_envs = num_envs
        self._token = token.encode() if isinstance(token, str) else token
        self.max_sessions = max_sessions
        self.max_envs_per_session = max_envs_per_session
        self._sessions: dict[str, Session] = {}
        self._sessions_lock = threading.Lock()
        spec = registered_spec(env_id)
        self.max_episode_steps = int(spec.max_episode_steps or 0)
        self.info = server_info()

    # -- plumbing -------------------------------------------------------------------------------

    def make_env(self) -> gym.Env:
        return gym.make(self.env_id, **self.env_kwargs)

    def _check_token(self, context: grpc.ServicerContext) -> None:
        if self._token is None:
            return
        given = [v for k, v in context.invocation_metadata() if k == sac4j_gym.TOKEN_METADATA_KEY]
        if not given:
            raise RpcFailure(grpc.StatusCode.UNAUTHENTICATED,
                             f"missing token: this server requires metadata "
                             f"'{sac4j_gym.TOKEN_METADATA_KEY}' (the content of its --token-file)")
        value = given[0].encode() if isinstance(given[0], str) else bytes(given[0])
        if not hmac.compare_digest(value, self._token):
            raise RpcFailure(grpc.StatusCode.UNAUTHENTICATED,
                             f"wrong token in metadata '{sac4j_gym.TOKEN_METADATA_KEY}'")

    def _session(self, session_id: str) -> Session:
        with self._sessions_lock:
            session = self._sessions.get(session_id)
        if session is None:
            raise RpcFailure(grpc.StatusCode.NOT_FOUND, f"unknown session '{session_id}' "
                             f"(never opened, closed, or opened on another server)")
        return session

    def wrap(self, method: Callable[[Any], Any]) -> Callable[[Any, grpc.ServicerContext], Any]:
        """Adds the token check and turns failures into the protocol's status and metadata."""

        def handler(request, context):
            try:
                self._check_token(context)
                return method(request)
            except RpcFailure as failure:
                if failure.code == grpc.StatusCode.INTERNAL:  # the wire gets one line; log it all
                    log.warning("%s: %s", method.__name__, failure.description,
                                exc_info=failure.__cause__)
                self._abort(context, failure)
            except Exception as exc:  # a bug of this server, not of the env: no sac4j-error-type
                log.exception("%s failed", method.__name__)
                self._abort(context, RpcFailure(
                    grpc.StatusCode.INTERNAL,
                    f"sac4j_gym server error: {type(exc).__name__}: {one_line(exc)}"))

        handler.__name__ = method.__name__
        return handler

    @staticmethod
    def _abort(context: grpc.ServicerContext, failure: RpcFailure):
        if failure.error_type:
            context.set_trailing_metadata(((sac4j_gym.ERROR_TYPE_METADATA_KEY, failure.error_type),))
        context.abort(failure.code, failure.description)

    # -- the four RPCs --------------------------------------------------------------------------

    def Open(self, request: pb.OpenRequest) -> pb.OpenReply:
        client = request.client_version
        if client.major != sac4j_gym.PROTOCOL_MAJOR:
            raise RpcFailure(
                grpc.StatusCode.FAILED_PRECONDITION,
                f"protocol version mismatch: client {client.major}.{client.minor}, server "
                f"{sac4j_gym.PROTOCOL_MAJOR}.{sac4j_gym.PROTOCOL_MINOR} (the major versions must be "
                f"equal)")
        num_envs = request.num_envs or self.default_num_envs
        if num_envs > self.max_envs_per_session:
            raise RpcFailure(grpc.StatusCode.INVALID_ARGUMENT,
                             f"num_envs {num_envs} exceeds this server's limit of "
                             f"{self.max_envs_per_session} copies per session")
        with self._sessions_lock:
            if len(self._sessions) >= self.max_sessions:
                raise RpcFailure(grpc.StatusCode.RESOURCE_EXHAUSTED,
                                 f"{len(self._sessions)} sessions open, the limit is "
                                 f"{self.max_sessions}: close sessions that are done")
        made: list[gym.Env] = []
        try:
            for _ in range(num_envs):
                made.append(self.make_env())
        except Exception as exc:
            _close_all(made)
            raise env_failure(exc) from exc
        session = Session(id=uuid.uuid4().hex, client=request.client, envs=made,
                          observation_space=made[0].observation_space,
                          action_space=made[0].action_space)
        with self._sessions_lock:
            full = len(self._sessions) >= self.max_sessions  # concurrent Opens got there first
            if not full:
                self._sessions[session.id] = session
        if full:
            _close_all(made)
            raise RpcFailure(grpc.StatusCode.RESOURCE_EXHAUSTED,
                             f"{self.max_sessions} sessions open, the limit is "
                             f"{self.max_sessions}: close sessions that are done")
        log.info("open %s: %d x %s for %r", session.id, num_envs, self.env_id, request.client)
        return pb.OpenReply(
            server_version=pb.Version(major=sac4j_gym.PROTOCOL_MAJOR, minor=sac4j_gym.PROTOCOL_MINOR),
            session_id=session.id, env_id=self.env_id, num_envs=num_envs,
            observation_space=codec.space_to_proto(session.observation_space),
            action_space=codec.space_to_proto(session.action_space),
            max_episode_steps=self.max_episode_steps, server_info=self.info)

    def Reset(self, request: pb.ResetRequest) -> pb.ResetReply:
        session = self._session(request.session_id)
        session.check_supported()
        if request.has_seed and request.seed < 0:
            raise RpcFailure(grpc.StatusCode.INVALID_ARGUMENT,
                             f"seed {request.seed} is negative (Gymnasium seeds are >= 0)")
        options = None
        if request.options_json:
            try:
                options = json.loads(request.options_json)
            except ValueError as exc:
                raise RpcFailure(grpc.StatusCode.INVALID_ARGUMENT,
                                 f"options_json is not JSON: {exc}") from exc
            if not isinstance(options, dict):
                raise RpcFailure(grpc.StatusCode.INVALID_ARGUMENT,
                                 f"options_json must be a JSON object, got {type(options).__name__}")
        with session.lock:
            _check_open(session)
            session.needs_reset = True
            obs_out = session.new_obs_buffer(session.num_envs)
            for i, env in enumerate(session.envs):
                seed = request.seed + i if request.has_seed else None
                try:
                    obs, _ = env.reset(seed=seed, options=options)
                except Exception as exc:
                    raise env_failure(exc, i) from exc
                session.put_obs(obs_out, i, obs, i)
            session.needs_reset = False
        return pb.ResetReply(observations=codec.to_tensor(obs_out))

    def Step(self, request: pb.StepRequest) -> pb.StepReply:
        session = self._session(request.session_id)
        session.check_supported()
        n = session.num_envs
        try:
            actions = codec.decode_actions(request.actions, session.action_space, n)
        except codec.ProtocolError as exc:
            raise RpcFailure(grpc.StatusCode.INVALID_ARGUMENT, str(exc)) from exc
        with session.lock:
            _check_open(session)
            if session.needs_reset:
                raise RpcFailure(grpc.StatusCode.FAILED_PRECONDITION,
                                 f"session {session.id}: Step before Reset (a new session, or one "
                                 f"whose environment raised an error): call Reset first")
            session.needs_reset = True  # until every copy has stepped without raising
            obs_out = session.new_obs_buffer(n)
            rewards = np.empty(n, dtype=np.float64)
            terminated = [False] * n
            truncated = [False] * n
            final_indices: list[int] = []
            final_obs: list[Any] = []
            discrete = isinstance(session.action_space, gym.spaces.Discrete)
            for i, env in enumerate(session.envs):
                action = int(actions[i]) if discrete else actions[i]
                try:
                    obs, reward, term, trunc, _ = env.step(action)
                    reward = float(reward)
                    if term or trunc:
                        final_indices.append(i)
                        final_obs.append(obs)
                        obs, _ = env.reset()
                except Exception as exc:
                    raise env_failure(exc, i) from exc
                session.put_obs(obs_out, i, obs, i)
                rewards[i] = reward
                terminated[i] = bool(term)
                truncated[i] = bool(trunc)
            finals = session.new_obs_buffer(len(final_indices))
            for row, (i, obs) in enumerate(zip(final_indices, final_obs)):
                session.put_obs(finals, row, obs, i)
            session.needs_reset = False
        return pb.StepReply(observations=codec.to_tensor(obs_out),
                            rewards=codec.to_tensor(rewards), terminated=terminated,
                            truncated=truncated, final_indices=final_indices,
                            final_observations=codec.to_tensor(finals))

    def Close(self, request: pb.CloseRequest) -> pb.CloseReply:
        with self._sessions_lock:
            session = self._sessions.pop(request.session_id, None)
        if session is None:
            raise RpcFailure(grpc.StatusCode.NOT_FOUND, f"unknown session '{request.session_id}' "
                             f"(never opened, or already closed)")
        with session.lock:
            session.closed = True
            _close_all(session.envs)
        log.info("close %s", session.id)
        return pb.CloseReply()

    def close_all_sessions(self) -> None:
        """Closes every open session (server shutdown)."""
        with self._sessions_lock:
            sessions = list(self._sessions.values())
            self._sessions.clear()
        for session in sessions:
            with session.lock:
                session.closed = True
                _close_all(session.envs)

    @property
    def session_count(self) -> int:
        with self._sessions_lock:
            return len(self._sessions)


def _check_open(session: Session) -> None:
    # A call that looked the session up just before a concurrent Close.
    if session.closed:
        raise RpcFailure(grpc.StatusCode.NOT_FOUND, f"session '{session.id}' was closed")


def _close_all(made: list[gym.Env]) -> None:
    for env in made:
        try:
            env.close()
        except Exception:  # closing must not hide the error that led here
            log.warning("closing an environment failed", exc_info=True)


def generic_handler(servicer: EnvServicer) -> grpc.GenericRpcHandler:
    """The EnvService's four unary methods, bound to ``servicer`` with the generated messages."""
    methods = {
        "Open": (pb.OpenRequest, pb.OpenReply),
        "Reset": (pb.ResetRequest, pb.ResetReply),
        "Step": (pb.StepRequest, pb.StepReply),
        "Close": (pb.CloseRequest, pb.CloseReply),
    }
    handlers = {
        name: grpc.unary_unary_rpc_method_handler(
            servicer.wrap(getattr(servicer, name)),
            request_deserializer=request.FromString,
            response_serializer=reply.SerializeToString)
        for name, (request, reply) in methods.items()
    }
    return grpc.method_handlers_generic_handler(sac4j_gym.SERVICE_NAME, handlers)


class RunningServer:
    """A started gRPC server: its port, its servicer, and stop()."""

    def __init__(self, server: grpc.Server, servicer: EnvServicer, address: str, port: int):
        self.server = server
        self.servicer = servicer
        self.address = address
        self.port = port

    @property
    def target(self) -> str:
        """The address a client dials, e.g. 127.0.0.1:40123."""
        host = self.address.strip("[]")
        if host in ("0.0.0.0", "::"):  # listening everywhere: dial loopback
            host = "127.0.0.1"
        return f"[{host}]:{self.port}" if ":" in host else f"{host}:{self.port}"

    def stop(self, grace: float | None = 1.0) -> None:
        self.server.stop(grace).wait()
        self.servicer.close_all_sessions()

    def __enter__(self) -> "RunningServer":
        return self

    def __exit__(self, *exc) -> None:
        self.stop(0)


def registered_spec(env_id: str):
    """Gymnasium's EnvSpec of ``env_id``, which may be ``module:Name-vN`` as gym.make accepts it (the
    module, a user's, registers the id when imported); gym.spec alone does not import the module."""
    module, _, name = env_id.rpartition(":")
    if module:
        importlib.import_module(module)
    return gym.spec(name)


def probe_env(env_id: str, env_kwargs: dict[str, Any] | None = None) -> None:
    """Makes one copy of the environment and closes it; raises whatever gym.make raises."""
    gym.make(env_id, **(env_kwargs or {})).close()


def start_server(env_id: str, env_kwargs: dict[str, Any] | None = None, num_envs: int = 1,
                 bind: str = "127.0.0.1", port: int = 0, token: str | None = None,
                 max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES, max_workers: int = 8,
                 max_sessions: int = DEFAULT_MAX_SESSIONS, probe: bool = True,
                 tls: tuple[bytes, bytes] | None = None) -> RunningServer:
    """Checks that ``env_id`` can be made (see probe_env), then listens and returns.

    Making a copy first means a wrong id, wrong kwargs or a missing dependency fail here, at
    start, rather than at the client's first Open. ``port`` 0 picks a free port. Messages larger
    than ``max_message_bytes`` are refused by gRPC (RESOURCE_EXHAUSTED) before they reach us.
    ``tls`` is ``(certificate_chain_pem, private_key_pem)``: the server then speaks TLS only.
    """
    if probe:
        probe_env(env_id, env_kwargs)
    servicer = EnvServicer(env_id, env_kwargs, num_envs, token=token, max_sessions=max_sessions)
    options = [
        ("grpc.max_receive_message_length", max_message_bytes),
        ("grpc.max_send_message_length", -1),
        # One process per port: a second server on the same port must fail, not share it.
        ("grpc.so_reuseport", 0),
    ]
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=max_workers,
                                                    thread_name_prefix="sac4j-env"),
                         handlers=[generic_handler(servicer)], options=options)
    host = f"[{bind}]" if ":" in bind and not bind.startswith("[") else bind
    if tls is None:
        bound = server.add_insecure_port(f"{host}:{port}")
    else:
        cert, key = tls
        bound = server.add_secure_port(f"{host}:{port}", grpc.ssl_server_credentials([(key, cert)]))
    if bound == 0:
        raise OSError(f"cannot listen on {host}:{port}")
    server.start()
    return RunningServer(server, servicer, bind, bound)
