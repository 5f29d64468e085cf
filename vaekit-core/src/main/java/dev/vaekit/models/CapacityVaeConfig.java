package dev.vaekit.models;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.DataConfig;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.util.ConfigField;

/**
 * The fields of the capacity-annealed β-VAE family ({@link CapacityVae}, types {@code dense-capacity-vae}, {@code
 * conv-capacity-vae}, {@code resnet-capacity-vae}): the VAE's fields and the schedule of the KL capacity C (Burgess et
 * al. 2018, eq. 8). The defaults are the paper's dSprites setting — γ = 1000 and C raised to 25 nats — with the
 * schedule's length in epochs (the paper's 100,000 steps of 64 images are 8.7 epochs of the 737,280 dSprites images).
 *
 * @param vae the VAE's fields; the prior must be the standard normal and q(z|x) the encoder's Gaussian (the KL is the
 *     closed form)
 * @param capacityGamma γ ≥ 0, the weight of |KL − C|
 * @param capacityMax C_max ≥ 0, the capacity reached at the end of the schedule, nats
 * @param capacityEpochs epochs over which C rises linearly from 0 to C_max (0: C_max from the start)
 */
public record CapacityVaeConfig(
        VaeConfig vae,
        @ConfigField(flag = "--capacity-gamma", label = "G", value = "Capacity β-VAE: weight γ of |KL − C|.")
                double capacityGamma,
        @ConfigField(
                        flag = "--capacity-max",
                        label = "NATS",
                        value = "Capacity β-VAE: the capacity C_max that C rises to, nats.")
                double capacityMax,
        @ConfigField(
                        flag = "--capacity-epochs",
                        label = "E",
                        value = "Capacity β-VAE: epochs over which C rises linearly from 0 to C_max (0: C_max "
                                + "from the start).")
                double capacityEpochs)
        implements VaeFamilyConfig {

    /** Validates every field. */
    public CapacityVaeConfig {
        FamilyChecks.requireGaussianPosterior(vae, "capacity-vae");
        FamilyChecks.nonNegative(capacityGamma, "model.capacityGamma (--capacity-gamma)");
        FamilyChecks.nonNegative(capacityMax, "model.capacityMax (--capacity-max)");
        FamilyChecks.nonNegative(capacityEpochs, "model.capacityEpochs (--capacity-epochs)");
    }

    @Override
    public void validateRun(ModelConfig model, DataConfig data, ObjectiveConfig objective) {
        vae.validateRun(model, data, objective);
        FamilyChecks.requireOneDrawElbo(model, objective, "model.capacityGamma and the capacity schedule");
        if (objective.warmupEpochs() != 0) {
            throw new InvalidInputException("a " + model.type() + " schedules its KL term by the capacity C "
                    + "(model.capacityEpochs, --capacity-epochs); leave objective.warmupEpochs at 0 (got "
                    + objective.warmupEpochs() + ")");
        }
    }

    /**
     * The capacity at a point of training: C = C_max · min(1, progress / capacityEpochs).
     *
     * @param epochProgress epochs done, fractional
     * @return C, nats
     */
    public double capacity(double epochProgress) {
        return capacityEpochs == 0 ? capacityMax : capacityMax * Math.min(1, epochProgress / capacityEpochs);
    }

    /** @return the defaults: the VAE's, γ = 1000, C_max = 25 nats reached after 10 epochs */
    public static CapacityVaeConfig defaults() {
        return new CapacityVaeConfig(VaeConfig.defaults(), 1000, 25, 10);
    }
}
