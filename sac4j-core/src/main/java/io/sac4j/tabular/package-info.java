/**
 * Exact soft reinforcement learning on finite MDPs, in double precision: the ground truth that SAC's
 * function approximation is compared against.
 *
 * <ul>
 *   <li>{@link io.sac4j.tabular.FiniteMdp}: {@code p(s'|s,a)}, {@code r(s,a,s')}, gamma, validated;
 *       dense random MDPs for property tests.</li>
 *   <li>{@link io.sac4j.tabular.SoftBellman}: {@code Q_V}, the soft optimal operator {@code T_alpha}
 *       in both forms of seed 000 §1.0 (log-sum-exp and max over policies of expected Q plus
 *       alpha-weighted entropy) and the soft-max policy {@code pi_V}; alpha = 0 is the hard max.</li>
 *   <li>{@link io.sac4j.tabular.SoftValueIteration}: {@code V <- T_alpha V} to the fixed point.</li>
 *   <li>{@link io.sac4j.tabular.SoftPolicyEvaluation} (seed 001, Lemma 1),
 *       {@link io.sac4j.tabular.SoftPolicyImprovement} (Lemma 2) and
 *       {@link io.sac4j.tabular.SoftPolicyIteration}.</li>
 *   <li>{@link io.sac4j.tabular.ResidualObjective}: {@code J(V) = 1/2 sum_s p(s) (T_alpha V(s) - V(s))^2}
 *       (seed 000 §1.0), its analytic gradient and a gradient-descent minimiser.</li>
 *   <li>{@link io.sac4j.tabular.FiniteMdpEnv}: a finite MDP as an {@link io.sac4j.env.Env} with one-hot
 *       observations and discrete actions.</li>
 * </ul>
 *
 * <p>Imports: {@code io.sac4j.random}, {@code env}, {@code java.*} (allowed: {@code tensor},
 * {@code random}, {@code autodiff}, {@code nn}, {@code optim}, {@code distributions}, {@code env},
 * {@code buffer}; never {@code sac} or {@code train}).
 */
package io.sac4j.tabular;
