/**
 * The protobuf wire format, written by hand ({@link io.sac4j.proto.ProtoWriter}): the one encoder that
 * ONNX export (package {@code policy}) and TensorBoard event files (package {@code train}) share.
 * Knows nothing of what the messages mean.
 *
 * <p>Imports: {@code java.*} only.
 */
package io.sac4j.proto;
