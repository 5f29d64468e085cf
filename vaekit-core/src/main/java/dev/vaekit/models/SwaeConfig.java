package dev.vaekit.models;

import dev.vaekit.data.DataConfig;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.util.ConfigField;

/**
 * The fields of the SWAE family ({@link Swae}, types {@code dense-swae}, {@code conv-swae}, {@code resnet-swae}): the
 * decoder's observation model, the weight λ of the sliced Wasserstein distance and its number of random projections.
 * The defaults: 50 projections, the number the implementations that follow the authors' code start from, and λ = 10,
 * WAE-MMD's MNIST weight (the SWAE paper does not fix one for a standard normal prior).
 *
 * @param likelihood the observation model p(x|z), whose negative log-likelihood is the reconstruction cost
 * @param swaeLambda λ ≥ 0, the weight of SW₂²
 * @param swaeProjections L, random directions per step
 */
public record SwaeConfig(
        LikelihoodConfig likelihood,
        @ConfigField(flag = "--swae-lambda", label = "L", value = "SWAE: weight λ of the sliced Wasserstein distance.")
                double swaeLambda,
        @ConfigField(flag = "--swae-projections", label = "L", value = "SWAE: random projections per step.")
                int swaeProjections)
        implements FamilyConfig {
    /** The most projections accepted. */
    static final int MAX_PROJECTIONS = 10_000;

    /** Validates every field. */
    public SwaeConfig {
        FamilyChecks.requireLikelihood(likelihood);
        FamilyChecks.nonNegative(swaeLambda, "model.swaeLambda (--swae-lambda)");
        FamilyChecks.inRange(swaeProjections, 1, MAX_PROJECTIONS, "model.swaeProjections (--swae-projections)");
    }

    @Override
    public void validateRun(ModelConfig model, DataConfig data, ObjectiveConfig objective) {
        likelihood.validateRun(data);
        objective.requireUnused(model.type(), "−log p(x|z=enc(x)) + λ·SW₂²");
    }

    @Override
    public boolean tableSchema() {
        return likelihood.kind() == LikelihoodKind.MIXED;
    }

    /** @return the defaults: a Bernoulli likelihood, λ = 10, 50 projections */
    public static SwaeConfig defaults() {
        return new SwaeConfig(LikelihoodConfig.builder().build(), 10, 50);
    }
}
