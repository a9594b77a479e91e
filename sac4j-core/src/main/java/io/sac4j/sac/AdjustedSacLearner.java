package io.sac4j.sac;

import io.sac4j.policy.Actor;
import io.sac4j.policy.Policy;
import io.sac4j.policy.TanhGaussianPolicy;
import io.sac4j.buffer.Batch;
import io.sac4j.random.Rng;
import io.sac4j.tensor.KernelThreads;
import io.sac4j.tensor.Ops;

import java.util.List;
import java.util.Optional;

/**
 * Continuous SAC (v2 or v1, {@link SacConfig#variant()}) with the dynamic-matrix gradient adjustment of
 * seed 000 §1.4 ({@link SacConfig#adjustment()}): the networks are the players of a game
 * ({@link SacV2Game}, {@link SacV1Game}) and each {@link #update} steps all of them at once along the
 * adjusted direction {@code xi + lambda A^T xi}, instead of the published sequential order. For v1 the
 * temperature steps after the game, on the policy's {@code log pi} at the parameters before the step
 * (it is no player there); for v2 a learned temperature is a player.
 *
 * <p>Made of the same parts, built in the same order, as {@link SacLearner} / {@link SacV1Learner},
 * so one seed gives the same initial weights, and a checkpoint has their kind and layout.
 */
public final class AdjustedSacLearner extends AbstractLearner {
    private final ContinuousParts parts;
    private final Optional<ValueNetwork> value;
    private final SacGame game;
    private double lastValueLoss = Double.NaN;

    /** The learner on one thread: {@code this(config, obsDim, actDim, rng, KernelThreads.single())}. */
    public AdjustedSacLearner(SacConfig config, int obsDim, int actDim, Rng rng) {
        this(config, obsDim, actDim, rng, KernelThreads.single());
    }

    /**
     * @param rng     the learner's own generator (network initialisation, then the game's noise)
     * @param threads where its products and optimiser steps run (the caller keeps it and closes it)
     * @throws IllegalArgumentException when {@link SacConfig#adjusted()} is off
     */
    public AdjustedSacLearner(SacConfig config, int obsDim, int actDim, Rng rng, KernelThreads threads) {
        // Arguments are evaluated in order: the parts draw their weights from rng before V does.
        this(config, ContinuousParts.create(requireAdjusted(config), obsDim, actDim, config.variant() != Variant.V1,
                        rng, threads),
                config.variant() == Variant.V1 ? Optional.of(new ValueNetwork(obsDim, config, rng, threads))
                        : Optional.empty(), rng);
    }

    private AdjustedSacLearner(SacConfig config, ContinuousParts parts, Optional<ValueNetwork> value, Rng rng) {
        super(config, parts.temperature(), value.isPresent() ? parts.state(SacV1Learner.KIND, config, rng, value.get())
                : parts.state(SacLearner.KIND, config, rng));
        this.parts = parts;
        this.value = value;
        this.game = value.isPresent() ? new SacV1Game(parts, value.get(), config, rng)
                : new SacV2Game(parts, config, rng);
    }

    private static SacConfig requireAdjusted(SacConfig config) {
        if (!config.adjusted()) {
            throw new IllegalArgumentException("AdjustedSacLearner needs SacConfig.adjustment() on");
        }
        return config;
    }

    /**
     * One adjusted step of every player; the losses reported are the players' at the parameters before
     * the step.
     *
     * @throws NumericalInstabilityException when the direction or a loss is not finite
     */
    @Override
    public void update(Batch batch) {
        parts.checkBatch(batch);
        float alpha = (float) alpha();
        game.update(batch, alpha, config().adjustment());
        System.arraycopy(game.tdErrors(), 0, lastStep().tdErrorsFor(batch.size), 0, batch.size);
        double temperatureLoss;
        double actorLoss = game.loss(1);
        if (game instanceof SacV2Game g) {
            temperatureLoss = g.alphaIsPlayer() ? game.loss(2) : 0.0;
        } else {
            temperatureLoss = parts.temperature().step(game.logPiAtTheta());
            lastValueLoss = game.loss(2);
        }
        long update = countUpdate();
        if (!Double.isFinite(lastValueLoss) && value.isPresent()) {
            throw new NumericalInstabilityException("adjusted SAC update " + update + ": non-finite value loss "
                    + lastValueLoss);
        }
        lastStep().record("adjusted SAC", update, game.loss(0), actorLoss, alpha, temperatureLoss,
                -Ops.mean(game.logPiAtTheta()), game.meanQAtTheta());
    }

    /** SAC v1's J3 at the parameters before the last update's step; NaN for v2. */
    public double lastValueLoss() {
        return lastValueLoss;
    }

    /**
     * The game's players in block order (see {@link SacV2Game} / {@link SacV1Game}), and per player
     * {@code {||xi_i||, ||adjustment_i||}} of the last update (the scale mismatch of seed 000 §1.4.1,
     * measured).
     */
    public List<String> gamePlayers() {
        return game.playerNames();
    }

    /** See {@link #gamePlayers()}. */
    public double[][] lastGameNorms() {
        return game.lastBlockNorms();
    }

    /** The game of the adjusted update. */
    SacGame game() {
        return game;
    }

    public Actor actor() {
        return parts.actor().actor();
    }

    @Override
    public Policy policy() {
        return new TanhGaussianPolicy(parts.actor().actor());
    }
}
