"""sac4j_gym: serves Gymnasium environments to sac4j (the JVM trainer) over gRPC.

The contract is ``proto/sac4j_env.proto`` at the repository root; ``sac4j_env_pb2`` is generated
from it by ``python/regen.sh`` and committed, so that installing this package needs no protoc.

This module imports nothing heavy on purpose: ``python -m sac4j_gym.server`` must be able to start
and report a missing dependency (grpcio, gymnasium, numpy, protobuf) in one line instead of a
traceback.
"""

__version__ = "0.1.0"

#: The protocol version this package speaks (see the header of sac4j_env.proto). A peer with
#: another major version is refused; a minor version only adds optional fields.
PROTOCOL_MAJOR = 1
PROTOCOL_MINOR = 1

#: gRPC metadata keys of the protocol.
TOKEN_METADATA_KEY = "sac4j-token"
ERROR_TYPE_METADATA_KEY = "sac4j-error-type"

#: The fully qualified service name, as in the .proto (package sac4j.env.v1, service EnvService).
SERVICE_NAME = "sac4j.env.v1.EnvService"

#: The pip command that installs everything the server may need (MuJoCo environments included).
PIP_INSTALL = "pip install gymnasium==1.3.0 mujoco==3.14.0 grpcio protobuf numpy imageio packaging"
