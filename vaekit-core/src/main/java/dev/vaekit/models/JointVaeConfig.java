package dev.vaekit.models;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.DataConfig;
import dev.vaekit.objectives.Estimator;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.util.ConfigField;
import java.util.List;

/**
 * The fields of the JointVAE family ({@link JointVae}, types {@code dense-joint-vae}, {@code conv-joint-vae},
 * {@code resnet-joint-vae}; Dupont 2018): {@code model.latentDim} counts every latent variable, the continuous ones
 * and one per categorical variable, so the continuous part has {@code latentDim − discrete.size()} dimensions.
 *
 * @param likelihood the observation model p(x|z, c)
 * @param discrete K_i ≥ 2, the classes of each categorical variable, at least one
 * @param gumbel the relaxation of the categorical draws
 * @param capacityWeight γ ≥ 0, the weight of each channel's distance to its capacity
 * @param continuousCapacity C_z ≥ 0, the nats the continuous channel's KL is driven to at the end of the rise
 * @param discreteCapacity C_c ≥ 0, the same for the categorical channel; capped at Σ_i log K_i, the most a uniform
 *     prior lets it hold
 * @param capacityEpochs the epochs over which both capacities rise linearly from 0, ≥ 0 (0: from the start)
 */
public record JointVaeConfig(
        LikelihoodConfig likelihood,
        @ConfigField(
                        flag = "--discrete",
                        label = "K",
                        value = "JointVAE: classes of each categorical variable, e.g. 10; --latent-dim counts them "
                                + "beside the continuous dimensions.")
                List<Integer> discrete,
        GumbelConfig gumbel,
        @ConfigField(
                        flag = "--capacity-weight",
                        label = "G",
                        value = "JointVAE: weight γ of each KL term's distance to its capacity.")
                double capacityWeight,
        @ConfigField(
                        flag = "--continuous-capacity",
                        label = "NATS",
                        value = "JointVAE: capacity C_z of the continuous channel at the end of its rise.")
                double continuousCapacity,
        @ConfigField(
                        flag = "--discrete-capacity",
                        label = "NATS",
                        value = "JointVAE: capacity C_c of the categorical channel (at most the sum of log K).")
                double discreteCapacity,
        @ConfigField(
                        flag = "--capacity-epochs",
                        label = "E",
                        value = "JointVAE: epochs over which the capacities rise linearly from 0.")
                double capacityEpochs)
        implements FamilyConfig {

    /** Validates every field. */
    public JointVaeConfig {
        if (likelihood == null || gumbel == null) {
            throw new InvalidInputException("model.likelihood and the Gumbel-softmax fields must be set");
        }
        FamilyChecks.requireUnmixedLikelihood(likelihood, "a JointVAE");
        if (discrete == null
                || discrete.isEmpty()
                || discrete.stream().anyMatch(k -> k == null || k < 2 || k > CategoricalVaeConfig.MAX_CATEGORIES)) {
            throw new InvalidInputException("model.discrete must list the classes of at least one categorical "
                    + "variable, each between 2 and " + CategoricalVaeConfig.MAX_CATEGORIES + ", got " + discrete);
        }
        FamilyChecks.nonNegative(capacityWeight, "model.capacityWeight");
        FamilyChecks.nonNegative(continuousCapacity, "model.continuousCapacity");
        FamilyChecks.nonNegative(discreteCapacity, "model.discreteCapacity");
        FamilyChecks.nonNegative(capacityEpochs, "model.capacityEpochs");
        discrete = List.copyOf(discrete);
    }

    @Override
    public void validate(ModelConfig model) {
        if (model.latentDim() < discrete.size()) {
            throw new InvalidInputException("model.latentDim (" + model.latentDim() + ") counts the continuous "
                    + "dimensions and the " + discrete.size() + " categorical variables of model.discrete; it must be "
                    + "at least " + discrete.size());
        }
    }

    @Override
    public void validateRun(ModelConfig model, DataConfig data, ObjectiveConfig objective) {
        likelihood.validateRun(data);
        if (objective.estimator() != Estimator.B
                || objective.beta() != 1
                || objective.warmupEpochs() != 0
                || objective.freeBits() != 0) {
            throw new InvalidInputException("a " + model.type() + " weighs its KL terms by their distance to the "
                    + "capacities (model.capacityWeight, continuousCapacity, discreteCapacity, capacityEpochs): use "
                    + "estimator b and leave objective.beta, warmupEpochs and freeBits at 1, 0 and 0");
        }
    }

    /**
     * @param model the whole model config
     * @return the continuous dimensions: latentDim − the number of categorical variables
     */
    public int continuousDims(ModelConfig model) {
        return model.latentDim() - discrete.size();
    }

    /** @return the largest capacity the categorical channel can reach: Σ_i log K_i */
    public double maxDiscreteCapacity() {
        double max = 0;
        for (int k : discrete) {
            max += Math.log(k);
        }
        return max;
    }

    /**
     * @return Dupont's MNIST settings: one variable of 10 classes, γ = 30, both capacities rising to 5 nats, τ = 0.67
     *     fixed; the rise over 25 epochs (the paper's 25,000 iterations of 64 images are about 27)
     */
    public static JointVaeConfig defaults() {
        return new JointVaeConfig(
                LikelihoodConfig.builder().build(), List.of(10), new GumbelConfig(0.67, 0.67, 0, false), 30, 5, 5, 25);
    }
}
