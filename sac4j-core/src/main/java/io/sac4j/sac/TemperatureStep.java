package io.sac4j.sac;

import io.sac4j.autodiff.Tape;
import io.sac4j.autodiff.Var;
import io.sac4j.nn.Parameter;
import io.sac4j.optim.Adam;
import io.sac4j.tensor.Matrix;

import java.util.List;

/**
 * The temperature every SAC learner shares: {@code log alpha}, its Adam and its step on
 * {@code -mean(log alpha (log pi + Hbar))} (seed 003, "Automating entropy adjustment"), or a fixed
 * alpha that no step changes.
 */
final class TemperatureStep implements PartGroup {
    private final Temperature temperature;
    private final Parameter logAlpha = new Parameter("log_alpha", 1, 1);
    private final Adam optimizer;
    private final float targetEntropy;
    private final Tape tape = new Tape();
    private final List<SavedNetwork> saved;

    TemperatureStep(Temperature temperature, double lr, double targetEntropy) {
        this.temperature = temperature;
        logAlpha.value.data[0] = (float) Math.log(temperature.initialAlpha());
        this.optimizer = new Adam(List.of(logAlpha), lr);
        this.targetEntropy = (float) targetEntropy;
        this.saved = List.of(SavedNetwork.trained("log_alpha", List.of(logAlpha), optimizer));
    }

    /** Whether alpha is learned (then log alpha is a parameter with its own Adam). */
    boolean learned() {
        return temperature instanceof Temperature.Learned;
    }

    Parameter logAlpha() {
        return logAlpha;
    }

    Adam optimizer() {
        return optimizer;
    }


    float targetEntropy() {
        return targetEntropy;
    }

    /** The temperature in force: {@code exp(log alpha)} if learned, else the fixed value. */
    double alpha() {
        return temperature instanceof Temperature.Fixed f ? f.value() : Math.exp(logAlpha.value.data[0]);
    }

    /**
     * One step on the temperature loss, {@code logPi} (batch x 1, not modified) the policy's log
     * probabilities (or, for discrete SAC, their exact expectations {@code sum_a pi log pi}); returns
     * the loss, 0 when alpha is fixed.
     */
    double step(Matrix logPi) {
        if (!(temperature instanceof Temperature.Learned)) {
            return 0.0;
        }
        tape.reset();
        optimizer.zeroGrad();
        Var loss = SacLosses.temperatureLoss(tape, tape.param(logAlpha.value, logAlpha.grad), tape.constant(logPi),
                targetEntropy);
        double value = loss.item();
        tape.backward(loss);
        optimizer.step();
        return value;
    }

    /**
     * {@code log alpha} and its optimiser ({@code learner.log_alpha}, {@code learner.log_alpha.adam});
     * a fixed temperature saves them too (unchanged since construction), so every checkpoint has one layout.
     */
    @Override
    public List<SavedNetwork> parts() {
        return saved;
    }
}
