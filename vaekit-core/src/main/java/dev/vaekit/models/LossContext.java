package dev.vaekit.models;

import dev.vaekit.objectives.ObjectiveConfig;
import java.util.Objects;

/**
 * What a model's training loss needs beyond the batch: the run's objective settings and where training stands (for
 * schedules such as KL warm-up or a rising capacity).
 *
 * @param objective the objective section of the run (estimator, samples, β, warm-up, free bits)
 * @param epochProgress epochs done, fractional (2.5 = halfway through the third epoch)
 * @param examples N, the training examples per epoch: the data set whose aggregate posterior q(z) = (1/N) Σ_n q(z|x_n)
 *     a loss may estimate from a minibatch
 */
public record LossContext(ObjectiveConfig objective, double epochProgress, int examples) {

    /** Checks the fields. */
    public LossContext {
        Objects.requireNonNull(objective, "objective");
        if (!(epochProgress >= 0)) {
            throw new IllegalArgumentException("epochProgress must be >= 0, got " + epochProgress);
        }
        if (examples < 1) {
            throw new IllegalArgumentException("examples must be >= 1, got " + examples);
        }
    }

    /** @return the KL weight at this point: β, scaled by the warm-up ({@link ObjectiveConfig#klWeight}) */
    public float klWeight() {
        return (float) objective.klWeight(epochProgress);
    }
}
