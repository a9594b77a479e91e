"""``python -m sac4j_gym.server``: serve N copies of a Gymnasium environment to sac4j over gRPC.

Meant to be started by the JVM trainer as its child (or by hand on another host). Once listening
it prints exactly one line, ``SAC4J_GYM_LISTENING port=<P>``, on stdout and flushes; nothing else
is ever written to stdout. Logs and errors go to stderr.

Exit codes: 0 after a clean stop (SIGTERM, SIGINT, or stdin closed with --exit-with-parent);
2 when it cannot start (unknown id, bad arguments, missing dependency, port in use), with one line
on stderr that says why. SIGUSR1 writes every thread's stack to stderr (to see where a server hangs).
"""

from __future__ import annotations

import argparse
import faulthandler
import json
import logging
import os
import signal
import sys
import threading

from sac4j_gym import PIP_INSTALL, TOKEN_METADATA_KEY
from sac4j_gym._deps import missing_dependency_message, one_line

# Importing the service registers the sac4j_gym/ envs. A missing dependency is kept and reported
# in one line by main(), not as a traceback at import.
try:
    from sac4j_gym import service
    _IMPORT_ERROR: BaseException | None = None
except Exception as _exc:  # ImportError, protobuf's VersionError
    service = None
    _IMPORT_ERROR = _exc

LISTENING_PREFIX = "SAC4J_GYM_LISTENING"
PROG = "sac4j_gym.server"


class UsageError(Exception):
    """A start-up problem reported in one line with exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=f"python -m {PROG}",
        description="Serve copies of a Gymnasium environment to sac4j (protocol sac4j.env.v1, "
                    "gRPC). Prints 'SAC4J_GYM_LISTENING port=<P>' on stdout once listening.",
        epilog=f"Also serves the test ids sac4j_gym/NoOp-v0, sac4j_gym/Sleep-v0, "
               f"sac4j_gym/Faulty-v0, sac4j_gym/NaNObs-v0. Dependencies: {PIP_INSTALL}")
    p.add_argument("--env", required=True, help="a registered Gymnasium id, e.g. HalfCheetah-v5")
    p.add_argument("--num-envs", type=int, default=1,
                   help="copies per session when the client asks for 0 (default 1)")
    p.add_argument("--env-kwargs", default="{}",
                   help="JSON object of keyword arguments for gym.make (default {})")
    p.add_argument("--port", type=int, default=0, help="TCP port; 0 (default) picks a free one")
    p.add_argument("--bind", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this host only). A reachable "
                        "address should go with --token-file")
    p.add_argument("--token-file",
                   help=f"file holding a secret; every call must then carry it in metadata "
                        f"'{TOKEN_METADATA_KEY}'")
    p.add_argument("--tls-cert",
                   help="speak TLS with this PEM certificate chain (with --tls-key); sac4j connects with "
                        "'sac4j train --env-hosts ... --env-tls-ca FILE' naming it or its authority")
    p.add_argument("--tls-key", help="the PEM private key of --tls-cert")
    p.add_argument("--exit-with-parent", action="store_true",
                   help="exit when stdin reaches end of file (the parent died or closed the "
                        "pipe; keep stdin open while the server should live); also asks Linux "
                        "for SIGTERM when the parent thread exits (PR_SET_PDEATHSIG), so start "
                        "the server from a long-lived thread")
    p.add_argument("--max-message-mib", type=float, default=16.0,
                   help="largest request accepted, MiB (default 16); larger ones are refused "
                        "with RESOURCE_EXHAUSTED")
    p.add_argument("--max-sessions", type=int, default=64, help="open sessions at most (default 64)")
    p.add_argument("--threads", type=int, default=8, help="gRPC worker threads (default 8)")
    p.add_argument("--log-level", default="WARNING",
                   choices=["DEBUG", "INFO", "WARNING", "ERROR"], help="stderr log level")
    return p


def _read_token(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as f:
            token = f.read().strip()
    except OSError as exc:
        raise UsageError(f"cannot read --token-file {path}: {exc.strerror}") from exc
    if not token:
        raise UsageError(f"--token-file {path} is empty")
    return token


def _read_tls(cert_path: str | None, key_path: str | None) -> tuple[bytes, bytes] | None:
    if (cert_path is None) != (key_path is None):
        raise UsageError("--tls-cert and --tls-key go together; got only "
                         + ("--tls-key" if cert_path is None else "--tls-cert"))
    if cert_path is None:
        return None
    files = []
    for option, path in (("--tls-cert", cert_path), ("--tls-key", key_path)):
        try:
            with open(path, "rb") as f:
                files.append(f.read())
        except OSError as exc:
            raise UsageError(f"cannot read {option} {path}: {exc.strerror}") from exc
    return files[0], files[1]


def _parse_kwargs(text: str) -> dict:
    try:
        kwargs = json.loads(text)
    except ValueError as exc:
        raise UsageError(f"--env-kwargs is not JSON: {exc}") from exc
    if not isinstance(kwargs, dict):
        raise UsageError(f"--env-kwargs must be a JSON object, got {type(kwargs).__name__}")
    return kwargs


def _set_parent_death_signal() -> None:
    """Asks Linux to send SIGTERM when the parent dies: a backup for the stdin EOF check.

    Linux sends it when the *thread* that forked us exits, which is why --help says to start the
    server from a long-lived thread. Elsewhere (or without prctl) it is skipped silently.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, int(signal.SIGTERM), 0, 0, 0)
    except (OSError, AttributeError):
        logging.getLogger(PROG).warning("PR_SET_PDEATHSIG unavailable", exc_info=True)


def _check_port_free(bind: str, port: int) -> None:
    """Refuses a port in use in one line, before gRPC would log its own multi-line complaint."""
    import socket
    family = socket.AF_INET6 if ":" in bind else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gRPC binds
        try:
            sock.bind((bind.strip("[]"), port))
        except OSError as exc:
            raise UsageError(f"cannot listen on {bind}:{port}: {exc.strerror}") from exc


def _watch_stdin(stop: threading.Event) -> None:
    """Sets ``stop`` when stdin reaches EOF (also when the parent was killed: the pipe closes)."""
    def run():
        try:
            while os.read(sys.stdin.fileno(), 4096):
                pass
        except OSError:
            pass
        stop.set()
    threading.Thread(target=run, name="sac4j-stdin-watch", daemon=True).start()


def _record_stop_signals() -> list[int]:
    """Makes SIGTERM and SIGINT append their number to the returned list, and nothing else.

    The handler must take no lock: Python runs it in the main thread between two bytecodes, possibly
    inside ``Event.wait`` or ``Event.set`` on that same thread, and an ``Event.set`` in the handler
    then waits forever on the Condition lock its interrupted caller holds. That deadlock left orphan
    servers after their JVM's SIGKILL (PR_SET_PDEATHSIG's SIGTERM arriving while the main thread was
    in ``stop.wait``; faulthandler showed the handler's frames nested in ``Event.set``).
    """
    received: list[int] = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda signum, _frame: received.append(signum))
    return received


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=args.log_level, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return _serve(args)
    except UsageError as exc:
        print(f"{PROG}: error: {one_line(exc)}", file=sys.stderr, flush=True)
        return 2


def _serve(args: argparse.Namespace) -> int:
    if _IMPORT_ERROR is not None:
        raise UsageError(missing_dependency_message(_IMPORT_ERROR, "cannot start")
                         or f"{type(_IMPORT_ERROR).__name__}: {_IMPORT_ERROR}")
    # kill -USR1 <pid> writes every thread's Python stack to stderr, from C, without the GIL:
    # a hung server can say where it hangs.
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    stop = threading.Event()
    if args.exit_with_parent:
        ppid = os.getppid()
        _set_parent_death_signal()
        if os.getppid() != ppid:  # the parent died before prctl took effect
            return 0
        _watch_stdin(stop)
    for name, value in (("--num-envs", args.num_envs), ("--threads", args.threads),
                        ("--max-sessions", args.max_sessions)):
        if value < 1:
            raise UsageError(f"{name} must be >= 1, got {value}")
    if not args.max_message_mib > 0:
        raise UsageError(f"--max-message-mib must be > 0, got {args.max_message_mib}")
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port must be in [0, 65535], got {args.port}")
    kwargs = _parse_kwargs(args.env_kwargs)
    token = _read_token(args.token_file) if args.token_file else None
    tls = _read_tls(args.tls_cert, args.tls_key)
    if args.bind not in ("127.0.0.1", "localhost", "::1") and token is None:
        logging.getLogger(PROG).warning(
            "listening on %s without --token-file: anyone who can reach it can run the env",
            args.bind)

    try:
        service.probe_env(args.env, kwargs)
    except Exception as exc:  # unknown id, missing dependency, bad kwargs, the env's own error
        raise UsageError(missing_dependency_message(exc, args.env)
                         or f"{type(exc).__name__}: {one_line(exc)}") from exc
    if args.port:
        _check_port_free(args.bind, args.port)
    try:
        running = service.start_server(
            args.env, kwargs, args.num_envs, bind=args.bind, port=args.port, token=token,
            max_message_bytes=int(args.max_message_mib * 1024 * 1024), max_workers=args.threads,
            max_sessions=args.max_sessions, probe=False, tls=tls)
    except (RuntimeError, OSError) as exc:  # grpcio raises RuntimeError when it cannot bind
        raise UsageError(f"cannot listen on {args.bind}:{args.port}: {one_line(exc)}") from exc

    signalled = _record_stop_signals()
    print(f"{LISTENING_PREFIX} port={running.port}", flush=True)
    logging.getLogger(PROG).info("serving %s on %s (%s)", args.env, running.target,
                                 running.servicer.info)
    try:
        while not signalled and not stop.wait(0.2):
            pass
    finally:
        # Leave within a bounded time whatever gRPC does in its stop (a handler thread still in a
        # call when the client vanished): an orphan must never outlive the trainer.
        deadline = threading.Timer(5.0, os._exit, (0,))
        deadline.daemon = True
        deadline.start()
        running.stop(grace=1.0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
