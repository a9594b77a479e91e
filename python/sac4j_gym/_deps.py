"""Turns an import failure into the one-line message the CLIs print before exiting with code 2.

A Java launcher shows the server's last stderr line to the user when the child exits early, so the
line must name what is missing and how to install it, not be the last line of a traceback.
"""

from __future__ import annotations

from sac4j_gym import PIP_INSTALL

# Top-level module name -> the pip distribution that provides it.
_DISTRIBUTIONS = {
    "grpc": "grpcio",
    "google": "protobuf",
    "gymnasium": "gymnasium",
    "numpy": "numpy",
    "mujoco": "mujoco",
    "imageio": "imageio",
    "packaging": "packaging",
}


def one_line(text: str) -> str:
    """Joins the lines of ``text`` with spaces (gRPC descriptions and CLI errors are one line)."""
    return " ".join(part.strip() for part in str(text).splitlines() if part.strip())


def missing_dependency_message(exc: BaseException, what: str) -> str | None:
    """The one-line message for ``exc`` if it means a dependency is missing or too old, else None.

    ``what`` starts the message: what could not be done, or the environment id that needed it.

    Recognises ImportError (a module that is not installed, or one that fails to import), protobuf's
    VersionError (the generated sac4j_env_pb2 needs a newer protobuf runtime) and Gymnasium's
    DependencyNotInstalled (e.g. MuJoCo for a MuJoCo id).
    """
    type_name = type(exc).__name__
    if isinstance(exc, ImportError):
        top = (exc.name or "").split(".")[0]
        dist = _DISTRIBUTIONS.get(top, top or "a module")
        detail = one_line(exc)
        return f"{what}: missing dependency {dist} ({type_name}: {detail}); install with: {PIP_INSTALL}"
    if type_name == "VersionError":  # google.protobuf.runtime_version.VersionError
        return (
            f"{what}: protobuf runtime too old or too new for the generated code "
            f"({type_name}: {one_line(exc)}); install with: {PIP_INSTALL}"
        )
    if type_name == "DependencyNotInstalled":  # gymnasium.error.DependencyNotInstalled
        # Gymnasium raises it "from" the ImportError, which names the module.
        cause = exc.__cause__ or exc.__context__
        top = (getattr(cause, "name", None) or "").split(".")[0] if isinstance(cause, ImportError) else ""
        dist = f" {_DISTRIBUTIONS.get(top, top)}" if top else ""
        return (f"{what}: missing dependency{dist} ({type_name}: {one_line(exc)}); install with: "
                f"{PIP_INSTALL}")
    return None
