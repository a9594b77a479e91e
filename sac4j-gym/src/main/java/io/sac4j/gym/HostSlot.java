package io.sac4j.gym;

import io.grpc.Status;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * One host's place in a {@link MultiHostVectorEnv}: its copies {@code offset .. offset + copies - 1},
 * its session while it is alive, and while it is lost, its reconnection: an exponential backoff
 * ({@link #FIRST_BACKOFF} doubling up to {@link #MAX_BACKOFF}, back to the first after a success) and
 * the attempt in flight. Touched by the vector's caller thread only; an attempt runs elsewhere and
 * hands back its result through its {@link Future}.
 */
final class HostSlot {
    /** The wait before the first attempt to reconnect a lost host: a host that just died is rarely back sooner. */
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    /** The longest wait between attempts: a host back after an outage rejoins within this. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /**
     * The call failures that mean the host is lost rather than that the run is wrong: the server is
     * gone or unreachable (UNAVAILABLE), it did not answer within the deadline (DEADLINE_EXCEEDED), the
     * call was cut (CANCELLED, ABORTED, UNKNOWN: a connection reset), or it no longer knows the session
     * (NOT_FOUND: it was restarted). An exception the environment raised (INTERNAL), a refused action
     * or token still stops the run: another host would fail the same way.
     */
    private static final Set<Status.Code> LOST = Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED,
            Status.Code.CANCELLED, Status.Code.ABORTED, Status.Code.UNKNOWN, Status.Code.NOT_FOUND);

    final String name;
    final int offset;
    final int copies;
    /** Opens a new session of {@code copies} copies on the host; null when the host is never reconnected. */
    final IntFunction<RemoteVectorEnv> reopen;

    /** The session while the host is alive; null while it is lost. */
    RemoteVectorEnv session;
    /** Sessions opened again after a loss, for the seed rule of {@link MultiHostVectorEnv}. */
    int reconnects;
    /** The steps of each copy's episode in flight (what a loss now would discard). */
    final int[] inFlight;
    /** The first observations of the copies of a session that just reconnected, until the next step hands them on. */
    float[][] rejoined;
    Future<Rejoin> attempt;
    private Duration backoff = FIRST_BACKOFF;
    private long nextAttemptNanos;

    /** A new session and its copies' first observations. */
    record Rejoin(RemoteVectorEnv session, float[][] first) {
    }

    HostSlot(String name, int offset, RemoteVectorEnv session, IntFunction<RemoteVectorEnv> reopen) {
        this.name = name;
        this.offset = offset;
        this.copies = session.numEnvs();
        this.session = session;
        this.reopen = reopen;
        this.inFlight = new int[copies];
    }

    boolean alive() {
        return session != null;
    }

    /** Whether {@code e}, from a call to this host, means the host is lost (see {@link #LOST}). */
    static boolean lost(RuntimeException e) {
        return e instanceof RemoteEnvException r && LOST.contains(r.code());
    }

    /** Marks the host lost at {@code nowNanos}; returns the steps of the episodes in flight it discards. */
    long drop(long nowNanos) {
        session = null;
        backoff = FIRST_BACKOFF;
        nextAttemptNanos = nowNanos + backoff.toNanos();
        long steps = 0;
        for (int i = 0; i < copies; i++) {
            steps += inFlight[i];
            inFlight[i] = 0;
        }
        return steps;
    }

    /** Whether an attempt to reconnect is due at {@code nowNanos}: lost, none in flight, the backoff passed. */
    boolean attemptDue(long nowNanos) {
        return session == null && attempt == null && reopen != null && nowNanos - nextAttemptNanos >= 0;
    }

    /** The attempt failed at {@code nowNanos}: the next one after twice the wait, at most {@link #MAX_BACKOFF}. */
    void failedAttempt(long nowNanos) {
        attempt = null;
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        nextAttemptNanos = nowNanos + backoff.toNanos();
    }

    /** The wait before the next attempt, for the log. */
    Duration backoff() {
        return backoff;
    }

    /** The attempt succeeded: the host is alive again with {@code r}'s session; its copies start new episodes. */
    void rejoin(Rejoin r) {
        attempt = null;
        session = r.session();
        rejoined = r.first();
        reconnects++;
        backoff = FIRST_BACKOFF;
        java.util.Arrays.fill(inFlight, 0);
    }
}
