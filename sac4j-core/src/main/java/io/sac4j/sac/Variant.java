package io.sac4j.sac;

/**
 * Which SAC: the one first published, with a state-value network, or the one practised today.
 * Both share the policy, its distribution, the twin Q networks and the training loop.
 */
public enum Variant {
    /**
     * SAC as first published (seed 000 §1.1-1.3, seed 001 Algorithm 1; Haarnoja et al. 2018a): twin
     * Q networks without targets, a state-value network V and its polyak-averaged target Vbar. The
     * critics regress on {@code r + gamma (1 - d) Vbar(s')}, V on {@code min_j Q_j(s, a) - alpha log pi(a|s)}.
     */
    V1,
    /**
     * SAC as practised today (seed 003; Haarnoja et al. 2018b): twin Q networks with polyak-averaged
     * targets and no V network; the critics regress on
     * {@code r + gamma (1 - d) (min_j Qbar_j(s', a') - alpha log pi(a'|s'))}.
     */
    V2;

    /** The command line's name: {@code sac-v1} or {@code sac}. */
    public String cliName() {
        return this == V1 ? "sac-v1" : "sac";
    }

    /** The variant named {@code sac} or {@code sac-v1} (the command line's names). */
    public static Variant fromCliName(String name) {
        switch (name) {
            case "sac":
                return V2;
            case "sac-v1":
                return V1;
            default:
                throw new IllegalArgumentException("algorithm must be sac or sac-v1, got " + name);
        }
    }
}
