"""Conversions between NumPy / Gymnasium objects and the protocol's messages (Tensor, Space).

Both the server and the Python client use these, so the two sides agree on byte order, shapes and
the dtype table by construction. Arrays cross the wire little-endian and row-major, as the .proto
says; on a little-endian host that is a plain memory copy.
"""

from __future__ import annotations

import math

import gymnasium as gym
import numpy as np

from sac4j_gym import sac4j_env_pb2 as pb

#: The protocol's dtypes and their little-endian NumPy equivalents.
DTYPE_TO_NUMPY = {
    pb.FLOAT32: np.dtype("<f4"),
    pb.FLOAT64: np.dtype("<f8"),
    pb.INT64: np.dtype("<i8"),
    pb.INT32: np.dtype("<i4"),
    pb.UINT8: np.dtype("u1"),
    pb.BOOL: np.dtype("?"),
}
_NUMPY_TO_DTYPE = {dt.newbyteorder("="): code for code, dt in DTYPE_TO_NUMPY.items()}


class ProtocolError(ValueError):
    """A request or reply that breaks the protocol's rules (sizes, dtypes, non-finite values).

    The server answers it with INVALID_ARGUMENT; its message names the sizes involved.
    """


def dtype_code(dtype) -> int | None:
    """The protocol's DType for a NumPy dtype, or None if the protocol has none for it."""
    return _NUMPY_TO_DTYPE.get(np.dtype(dtype).newbyteorder("="))


def dtype_name(code: int) -> str:
    """The DType's name as in the .proto (FLOAT32, ...), also for values this version lacks."""
    try:
        return pb.DType.Name(code)
    except ValueError:
        return f"DType({code})"


def to_tensor(array: np.ndarray, out: pb.Tensor | None = None) -> pb.Tensor:
    """Encodes ``array`` (a dtype from the table) as a Tensor, little-endian, row-major."""
    array = np.asarray(array)
    code = dtype_code(array.dtype)
    if code is None:
        raise ProtocolError(f"dtype {array.dtype} has no protocol DType")
    tensor = out if out is not None else pb.Tensor()
    tensor.shape[:] = array.shape
    tensor.dtype = code
    tensor.data = np.ascontiguousarray(array, dtype=DTYPE_TO_NUMPY[code]).tobytes()
    return tensor


def from_tensor(tensor: pb.Tensor, what: str = "tensor") -> np.ndarray:
    """Decodes a Tensor into a read-only NumPy array (native byte order), checking its size.

    Raises ProtocolError naming ``what`` when the dtype is unknown, a dimension is negative or
    the data does not hold prod(shape) elements.
    """
    dt = DTYPE_TO_NUMPY.get(tensor.dtype)
    if dt is None:
        raise ProtocolError(f"{what}: dtype {dtype_name(tensor.dtype)} is not an array dtype")
    shape = tuple(tensor.shape)
    if any(d < 0 for d in shape):
        raise ProtocolError(f"{what}: negative dimension in shape {list(shape)}")
    count = math.prod(shape)
    if len(tensor.data) != count * dt.itemsize:
        raise ProtocolError(
            f"{what}: shape {list(shape)} of {dtype_name(tensor.dtype)} needs "
            f"{count * dt.itemsize} bytes of data, got {len(tensor.data)}")
    array = np.frombuffer(tensor.data, dtype=dt).reshape(shape)
    return array.astype(dt.newbyteorder("="), copy=False)


def space_to_proto(space: gym.Space) -> pb.Space:
    """Box -> BoxSpace, Discrete -> DiscreteSpace, anything else -> ``unsupported`` (its repr).

    A Box whose dtype the protocol lacks (float16, int8, ...) is unsupported too: the client could
    not represent its arrays.
    """
    msg = pb.Space()
    if isinstance(space, gym.spaces.Box) and dtype_code(space.dtype) is not None:
        msg.box.shape[:] = space.shape
        msg.box.dtype = dtype_code(space.dtype)
        msg.box.low[:] = np.asarray(space.low, dtype=np.float64).ravel().tolist()
        msg.box.high[:] = np.asarray(space.high, dtype=np.float64).ravel().tolist()
    elif isinstance(space, gym.spaces.Discrete):
        msg.discrete.n = int(space.n)
        msg.discrete.start = int(space.start)
    else:
        msg.unsupported = repr(space)
    return msg


def space_from_proto(msg: pb.Space) -> gym.Space | None:
    """The Gymnasium space a Space message describes, or None for ``unsupported`` (or empty)."""
    kind = msg.WhichOneof("kind")
    if kind == "box":
        shape = tuple(msg.box.shape)
        dt = DTYPE_TO_NUMPY[msg.box.dtype].newbyteorder("=")
        low = np.asarray(msg.box.low, dtype=np.float64).reshape(shape)
        high = np.asarray(msg.box.high, dtype=np.float64).reshape(shape)
        if dt.kind == "f":
            return gym.spaces.Box(low.astype(dt), high.astype(dt), shape, dtype=dt)
        return gym.spaces.Box(low, high, shape, dtype=dt)
    if kind == "discrete":
        return gym.spaces.Discrete(msg.discrete.n, start=msg.discrete.start)
    return None


def is_supported(space: gym.Space) -> bool:
    """Whether the protocol can carry arrays of ``space`` (see space_to_proto)."""
    return space_to_proto(space).WhichOneof("kind") != "unsupported"


def element_shape_and_dtype(space: gym.Space) -> tuple[tuple[int, ...], np.dtype]:
    """Shape and dtype of one element of a supported space, as it travels in a Tensor row.

    A Discrete element is a scalar INT64 (its value, start offset included).
    """
    if isinstance(space, gym.spaces.Discrete):
        return (), np.dtype(np.int64)
    return tuple(space.shape), np.dtype(space.dtype)


def decode_actions(tensor: pb.Tensor, space: gym.Space, num_envs: int) -> np.ndarray:
    """Decodes and checks the actions of a Step: [num_envs, *action shape], cast to the space.

    Box: FLOAT32 or FLOAT64 (or the space's own dtype), all finite, cast to the space's dtype; an
    integer Box takes only integral values. Discrete: INT64 of shape [num_envs], each in
    [start, start + n). Bounds of a Box are not enforced: Gymnasium leaves that to the env (MuJoCo
    envs take any finite action), and the server must step exactly what Gymnasium would.
    """
    if isinstance(space, gym.spaces.Discrete):
        if tensor.dtype != pb.INT64:
            raise ProtocolError(
                f"actions: dtype {dtype_name(tensor.dtype)} for a Discrete action space, expected INT64")
        actions = from_tensor(tensor, "actions")
        if actions.shape != (num_envs,):
            raise ProtocolError(
                f"actions: shape {list(actions.shape)}, expected [{num_envs}] "
                f"(one INT64 per copy of a Discrete({space.n}) space)")
        lo, hi = int(space.start), int(space.start) + int(space.n)
        bad = np.flatnonzero((actions < lo) | (actions >= hi))
        if bad.size:
            i = int(bad[0])
            raise ProtocolError(
                f"actions: env {i}: action {int(actions[i])} is outside Discrete({space.n}, "
                f"start={space.start}) ([{lo}, {hi - 1}])")
        return actions.copy()

    shape, dt = element_shape_and_dtype(space)
    allowed = {pb.FLOAT32, pb.FLOAT64, dtype_code(dt)}
    if tensor.dtype not in allowed:
        raise ProtocolError(
            f"actions: dtype {dtype_name(tensor.dtype)} for a Box action space of {dt}, expected "
            f"FLOAT32 or FLOAT64")
    actions = from_tensor(tensor, "actions")
    expected = (num_envs, *shape)
    if actions.shape != expected:
        raise ProtocolError(
            f"actions: shape {list(actions.shape)} ({actions.size} values), expected "
            f"{list(expected)} ({math.prod(expected)} values: {num_envs} copies x action shape "
            f"{list(shape)})")
    if actions.dtype.kind == "f":
        finite = np.isfinite(actions).reshape(num_envs, -1).all(axis=1)
        if not finite.all():
            i = int(np.flatnonzero(~finite)[0])
            raise ProtocolError(f"actions: env {i}: non-finite action {actions[i].tolist()}")
        if dt.kind != "f" and not np.array_equal(actions, np.round(actions)):
            raise ProtocolError(f"actions: non-integral values for a Box action space of {dt}")
    # A writable copy: the request's buffer is read-only, and an env may clip its action in place.
    return np.array(actions, dtype=dt)
