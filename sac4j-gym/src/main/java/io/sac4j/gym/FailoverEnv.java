package io.sac4j.gym;

import io.sac4j.env.Env;
import io.sac4j.env.Space;
import io.sac4j.env.Step;
import io.sac4j.train.LibraryLog;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * The evaluation copy of a run on env hosts ({@link EnvHosts#make}): one copy on the first host that
 * answers, moved to the next host when its own is lost ({@link HostSlot#lost}), so that losing any one
 * host does not stop the run. A move replays the episode in progress on the new copy: reset with the
 * episode's seed, then the same actions, so that an environment that is a function of its seed and
 * actions (every seeded one; the hosts serve the same one) continues exactly where the lost copy was,
 * and an evaluation gives the bits it would have given without the loss. An episode begun with an
 * unseeded {@link #reset()} cannot be replayed: its loss is thrown.
 *
 * <p>Not thread-safe: one caller steps it.
 */
final class FailoverEnv implements Env {
    private static final Logger LOG = LibraryLog.get(FailoverEnv.class);

    private final List<EnvHost> hosts;
    private int current;
    private RemoteEnv env;
    /** The seed of the episode in progress, null when it began unseeded (or none began). */
    private Long seed;
    /** The actions of the episode in progress, copied, for a replay on another host. */
    private final List<float[]> actions = new ArrayList<>();

    /** Opens the copy on the first host that answers, trying them in order. */
    FailoverEnv(List<EnvHost> hosts) {
        this.hosts = List.copyOf(hosts);
        RemoteEnvException first = null;
        for (int i = 0; i < this.hosts.size(); i++) {
            try {
                env = this.hosts.get(i).openEnv("eval");
                current = i;
                return;
            } catch (RemoteEnvException e) {
                if (!HostSlot.lost(e)) {
                    throw e;
                }
                first = first == null ? e : first;
            }
        }
        throw first;
    }

    @Override
    public String id() {
        return env.id();
    }

    @Override
    public Space observationSpace() {
        return env.observationSpace();
    }

    @Override
    public Space actionSpace() {
        return env.actionSpace();
    }

    /** The host of the copy, {@code HOST:PORT}. */
    String host() {
        return hosts.get(current).target();
    }

    @Override
    public float[] reset(long s) {
        seed = s;
        actions.clear();
        try {
            return env.reset(s);
        } catch (RemoteEnvException e) {
            moveAfter(e);
            return env.reset(s);
        }
    }

    @Override
    public float[] reset() {
        seed = null;
        actions.clear();
        try {
            return env.reset();
        } catch (RemoteEnvException e) {
            moveAfter(e);
            return env.reset();
        }
    }

    @Override
    public Step step(float[] action) {
        Step step;
        try {
            step = env.step(action);
        } catch (RemoteEnvException e) {
            if (seed == null) {
                throw e;   // nothing to replay the episode from
            }
            moveAfter(e);
            env.reset(seed);
            for (float[] a : actions) {
                env.step(a);
            }
            step = env.step(action);
        }
        actions.add(action.clone());
        return step;
    }

    /**
     * The copy's host is lost ({@code e}): opens a copy on the next host that answers (in order,
     * wrapping); throws {@code e} when {@code e} is not a loss or no other host answers.
     */
    private void moveAfter(RemoteEnvException e) {
        if (!HostSlot.lost(e)) {
            throw e;
        }
        String lost = host();
        env.closeQuietly();
        for (int k = 1; k < hosts.size(); k++) {
            int i = (current + k) % hosts.size();
            try {
                env = hosts.get(i).openEnv("eval");
                current = i;
                LOG.warn("the evaluation copy moved from env host {} (lost: {}) to {}{}", lost, e.getMessage(), host(),
                        actions.isEmpty() ? "" : "; the episode in progress is replayed there (" + actions.size()
                                + " steps)");
                return;
            } catch (RemoteEnvException again) {
                if (!HostSlot.lost(again)) {
                    throw again;
                }
            }
        }
        throw e;
    }

    @Override
    public void close() {
        env.close();
    }

    @Override
    public String toString() {
        return "FailoverEnv(" + id() + " on " + host() + ")";
    }
}
