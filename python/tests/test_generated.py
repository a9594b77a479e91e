"""The committed sac4j_env_pb2.py must be what protoc makes of proto/sac4j_env.proto.

The .proto is the contract the Java side is generated from; a stale Python copy would
silently speak a different protocol. Two checks: a structural one that always runs (the .proto
parsed here vs the descriptor embedded in sac4j_env_pb2), and, where protoc 36.2 is available,
an exact one (protoc's own descriptor, and regenerating the file byte for byte).
Fix a failure with python/regen.sh.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from google.protobuf import descriptor_pb2
from google.protobuf.descriptor import FieldDescriptor

from conftest import PYTHON_DIR, REPO_ROOT
from sac4j_gym import sac4j_env_pb2 as pb

PROTO = REPO_ROOT / "proto" / "sac4j_env.proto"
GENERATED = PYTHON_DIR / "sac4j_gym" / "sac4j_env_pb2.py"
PROTOC_VERSION = "libprotoc 36.2"

_SCALARS = {
    "double": FieldDescriptor.TYPE_DOUBLE, "float": FieldDescriptor.TYPE_FLOAT,
    "int64": FieldDescriptor.TYPE_INT64, "uint64": FieldDescriptor.TYPE_UINT64,
    "int32": FieldDescriptor.TYPE_INT32, "uint32": FieldDescriptor.TYPE_UINT32,
    "bool": FieldDescriptor.TYPE_BOOL, "string": FieldDescriptor.TYPE_STRING,
    "bytes": FieldDescriptor.TYPE_BYTES, "sint32": FieldDescriptor.TYPE_SINT32,
    "sint64": FieldDescriptor.TYPE_SINT64, "fixed32": FieldDescriptor.TYPE_FIXED32,
    "fixed64": FieldDescriptor.TYPE_FIXED64,
}


def parse_proto(text: str) -> dict:
    """A small parser for the subset of proto3 the contract uses (no nesting beyond oneof)."""
    text = re.sub(r"//[^\n]*", "", text)
    tokens = re.findall(r'"[^"]*"|[\w.]+|[{}=;()]', text)
    out = {"package": None, "messages": {}, "enums": {}, "methods": {}}
    i = 0

    def skip_statement(j):
        while tokens[j] != ";":
            j += 1
        return j + 1

    while i < len(tokens):
        word = tokens[i]
        if word == "package":
            out["package"] = tokens[i + 1]
            i = skip_statement(i)
        elif word in ("syntax", "option", "import"):
            i = skip_statement(i)
        elif word == "message":
            name, fields, oneof = tokens[i + 1], [], None
            i += 3
            while tokens[i] != "}" or oneof is not None:
                if tokens[i] == "}":
                    oneof, i = None, i + 1
                elif tokens[i] == "oneof":
                    oneof, i = tokens[i + 1], i + 3
                else:
                    repeated = tokens[i] == "repeated"
                    j = i + 1 if repeated else i
                    ftype, fname, number = tokens[j], tokens[j + 1], int(tokens[j + 3])
                    fields.append((fname, number, repeated, ftype, oneof))
                    i = skip_statement(j)
            out["messages"][name] = fields
            i += 1
        elif word == "enum":
            name, values = tokens[i + 1], []
            i += 3
            while tokens[i] != "}":
                values.append((tokens[i], int(tokens[i + 2])))
                i = skip_statement(i)
            out["enums"][name] = values
            i += 1
        elif word == "service":
            i += 3
            while tokens[i] != "}":
                assert tokens[i] == "rpc", tokens[i]
                out["methods"][tokens[i + 1]] = (tokens[i + 3], tokens[i + 7])
                i = skip_statement(i)
            i += 1
        else:
            raise AssertionError(f"unexpected token {word!r} in {PROTO}")
    return out


def described() -> dict:
    """The same structure, read from the descriptor embedded in the committed sac4j_env_pb2."""
    d = pb.DESCRIPTOR
    out = {"package": d.package, "messages": {}, "enums": {}, "methods": {}}
    for name, message in d.message_types_by_name.items():
        fields = []
        for f in message.fields:
            if f.message_type is not None:
                ftype = f.message_type.name
            elif f.enum_type is not None:
                ftype = f.enum_type.name
            else:
                ftype = next(k for k, v in _SCALARS.items() if v == f.type)
            oneof = f.containing_oneof.name if f.containing_oneof else None
            fields.append((f.name, f.number, f.is_repeated, ftype, oneof))
        out["messages"][name] = fields
    for name, enum in d.enum_types_by_name.items():
        out["enums"][name] = [(v.name, v.number) for v in enum.values]
    for method in d.services_by_name["EnvService"].methods:
        out["methods"][method.name] = (method.input_type.name, method.output_type.name)
    return out


def test_committed_module_matches_the_proto_structurally():
    assert described() == parse_proto(PROTO.read_text())


def test_structural_check_notices_a_change():
    """The parser is not vacuous: an added field makes the comparison fail."""
    changed = PROTO.read_text().replace("message CloseReply {", "message CloseReply {\n  int32 x = 1;")
    assert parse_proto(changed) != described()


def find_protoc() -> str | None:
    candidates = [os.environ.get("PROTOC"), "/tmp/protoc/protoc-4.36.2-linux-x86_64.exe",
                  shutil.which("protoc")]
    for candidate in filter(None, candidates):
        if os.access(candidate, os.X_OK):
            version = subprocess.run([candidate, "--version"], capture_output=True, text=True)
            if version.stdout.strip() == PROTOC_VERSION:
                return candidate
    return None


needs_protoc = pytest.mark.skipif(find_protoc() is None,
                                  reason=f"{PROTOC_VERSION} not found ($PROTOC, see regen.sh)")


@needs_protoc
def test_embedded_descriptor_equals_protocs(tmp_path):
    out = tmp_path / "set.pb"
    subprocess.run([find_protoc(), f"-I{PROTO.parent}", f"--descriptor_set_out={out}", str(PROTO)],
                   check=True)
    expected = descriptor_pb2.FileDescriptorSet.FromString(out.read_bytes()).file[0]
    for message in expected.message_type:  # generated code leaves json_name out
        for f in message.field:
            f.ClearField("json_name")
    actual = descriptor_pb2.FileDescriptorProto.FromString(pb.DESCRIPTOR.serialized_pb)
    assert actual == expected


@needs_protoc
def test_regenerating_gives_the_committed_file(tmp_path):
    subprocess.run([find_protoc(), f"-I{PROTO.parent}", f"--python_out={tmp_path}", str(PROTO)],
                   check=True)
    assert (tmp_path / "sac4j_env_pb2.py").read_bytes() == GENERATED.read_bytes()
