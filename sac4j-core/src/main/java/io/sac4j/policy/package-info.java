/**
 * Deployment: the acting {@link io.sac4j.policy.Policy} ({@link io.sac4j.policy.TanhGaussianPolicy} over
 * the SAC policy network {@link io.sac4j.policy.Actor}, {@link io.sac4j.policy.CategoricalPolicy} over a
 * logits network), saved alone by {@link io.sac4j.policy.PolicyFile} (read back by
 * {@link io.sac4j.policy.Policy#load}) and exported as an ONNX model by {@link io.sac4j.policy.OnnxExport}.
 * Acting needs no learner, no tape and no optimiser; a program that only deploys a policy needs this
 * package and those below it.
 *
 * <p>Imports: {@code io.sac4j.tensor}, {@code random}, {@code proto}, {@code autodiff}, {@code nn},
 * {@code distributions}, {@code checkpoint} (the container of {@code PolicyFile}), {@code java.*}.
 */
package io.sac4j.policy;
