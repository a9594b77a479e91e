#!/usr/bin/env bash
# Regenerates sac4j_gym/sac4j_env_pb2.py from ../proto/sac4j_env.proto with protoc 36.2, the version
# whose generated code matches the protobuf runtime pinned in pyproject.toml (7.36.x).
#
# protoc: $PROTOC if set, else one fetched from Maven Central into ${PROTOC_DIR:-/tmp/protoc}
# (com.google.protobuf:protoc:4.36.2 is the same compiler, published for the Maven plugin).
# Run it after any change to the .proto and commit the result; tests/test_generated.py fails when
# the committed file and the .proto disagree.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
want="libprotoc 36.2"
if [[ -z "${PROTOC:-}" ]]; then
  dir="${PROTOC_DIR:-/tmp/protoc}"
  PROTOC="$dir/protoc-4.36.2-linux-x86_64.exe"
  if [[ ! -x "$PROTOC" ]]; then
    mvn -q dependency:copy -Dartifact=com.google.protobuf:protoc:4.36.2:exe:linux-x86_64 \
      -DoutputDirectory="$dir"
    chmod +x "$PROTOC"
  fi
fi
have="$("$PROTOC" --version)"
if [[ "$have" != "$want" ]]; then
  echo "regen.sh: $PROTOC is '$have', need '$want' (the generated code must match protobuf 7.36)" >&2
  exit 2
fi
"$PROTOC" -I"$here/../proto" --python_out="$here/sac4j_gym" "$here/../proto/sac4j_env.proto"
echo "regenerated $here/sac4j_gym/sac4j_env_pb2.py"
