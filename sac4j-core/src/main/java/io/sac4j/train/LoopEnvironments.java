package io.sac4j.train;

import io.sac4j.env.Env;
import io.sac4j.env.VectorEnv;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The training vector and the evaluation environment of one {@link OffPolicyLoop#run}, as the agent
 * sees them ({@link Evaluator#forAgent}); closing closes those the loop built (from a factory), never
 * those it was given.
 */
record LoopEnvironments(VectorEnv training, Env evaluation, List<AutoCloseable> owned) implements AutoCloseable {
    /**
     * Takes the given environments, or builds them from the factories: the {@code n} training copies
     * first, then the evaluation environment (so a factory is called in the order it always was).
     */
    static LoopEnvironments open(Supplier<Env> envFactory, VectorEnv givenEnvs, Supplier<Env> evalFactory,
                                 Env givenEvalEnv, int n) {
        List<AutoCloseable> owned = new ArrayList<>();
        try {
            VectorEnv raw = givenEnvs;
            if (raw == null) {
                raw = VectorEnv.sequential(envFactory, n);
                owned.add(raw);
            }
            Env rawEval = givenEvalEnv;
            if (rawEval == null) {
                rawEval = evalFactory.get();
                owned.add(rawEval);
            }
            return new LoopEnvironments(Evaluator.forAgent(raw), Evaluator.forAgent(rawEval), owned);
        } catch (RuntimeException e) {
            new LoopEnvironments(null, null, owned).close();
            throw e;
        }
    }

    /** Closes what the loop built (all of it, even if one fails). */
    @Override
    public void close() {
        RuntimeException first = null;
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
