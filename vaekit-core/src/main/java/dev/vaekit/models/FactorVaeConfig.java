package dev.vaekit.models;

import dev.vaekit.data.DataConfig;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.util.ConfigField;

/**
 * The fields of the FactorVAE family ({@link FactorVae}, types {@code dense-factor-vae}, {@code conv-factor-vae},
 * {@code resnet-factor-vae}): the VAE's fields, the weight γ of the total correlation (Kim &amp; Mnih 2018, eq. 2) and
 * the discriminator that estimates it, with its own Adam. The defaults are the paper's: a discriminator of 6 dense
 * layers, 1000 units wide, leaky ReLU, trained by Adam with learning rate 10⁻⁴, β₁ = 0.5, β₂ = 0.9 (§4 and appendix
 * A); γ = 40 lies in the range the paper explores on dSprites and in the grid of Locatello et al. 2019 (10, 20, 30,
 * 40, 50, 100).
 *
 * @param vae the VAE's fields; the prior must be the standard normal and q(z|x) the encoder's Gaussian (the KL term is
 *     the closed form)
 * @param factorGamma γ ≥ 0, the weight of the total correlation KL(q(z) ‖ Π_j q(z_j)); 0 is the VAE
 * @param discriminatorWidth units of each hidden layer of the discriminator
 * @param discriminatorLayers dense layers of the discriminator, the output layer included (≥ 1)
 * @param discriminatorLearningRate the discriminator's Adam learning rate
 * @param discriminatorBeta1 the discriminator's Adam β₁
 * @param discriminatorBeta2 the discriminator's Adam β₂
 */
public record FactorVaeConfig(
        VaeConfig vae,
        @ConfigField(flag = "--factor-gamma", label = "G", value = "FactorVAE: weight γ of the total correlation.")
                double factorGamma,
        @ConfigField(
                        flag = "--discriminator-width",
                        label = "UNITS",
                        value = "FactorVAE: units of each hidden layer of the discriminator.")
                int discriminatorWidth,
        @ConfigField(
                        flag = "--discriminator-layers",
                        label = "N",
                        value = "FactorVAE: dense layers of the discriminator, its output layer included.")
                int discriminatorLayers,
        @ConfigField(
                        flag = "--discriminator-lr",
                        label = "LR",
                        value = "FactorVAE: the discriminator's Adam learning rate.")
                double discriminatorLearningRate,
        @ConfigField(flag = "--discriminator-beta1", label = "B1", value = "FactorVAE: the discriminator's Adam β₁.")
                double discriminatorBeta1,
        @ConfigField(flag = "--discriminator-beta2", label = "B2", value = "FactorVAE: the discriminator's Adam β₂.")
                double discriminatorBeta2)
        implements VaeFamilyConfig {
    /** The largest discriminator width accepted. */
    static final int MAX_WIDTH = 8192;
    /** The most discriminator layers accepted. */
    static final int MAX_LAYERS = 32;

    /** Validates every field. */
    public FactorVaeConfig {
        FamilyChecks.requireGaussianPosterior(vae, "factor-vae");
        FamilyChecks.nonNegative(factorGamma, "model.factorGamma (--factor-gamma)");
        FamilyChecks.inRange(discriminatorWidth, 1, MAX_WIDTH, "model.discriminatorWidth (--discriminator-width)");
        FamilyChecks.inRange(discriminatorLayers, 1, MAX_LAYERS, "model.discriminatorLayers (--discriminator-layers)");
        FamilyChecks.positive(discriminatorLearningRate, "model.discriminatorLearningRate (--discriminator-lr)");
        FamilyChecks.fraction(discriminatorBeta1, "model.discriminatorBeta1 (--discriminator-beta1)");
        FamilyChecks.fraction(discriminatorBeta2, "model.discriminatorBeta2 (--discriminator-beta2)");
    }

    @Override
    public void validateRun(ModelConfig model, DataConfig data, ObjectiveConfig objective) {
        vae.validateRun(model, data, objective);
        FamilyChecks.requireOneDrawElbo(model, objective, "model.factorGamma (--factor-gamma)");
    }

    /** @return the discriminator's Adam settings */
    public AuxiliaryObjective.Optimizer discriminatorOptimizer() {
        return new AuxiliaryObjective.Optimizer(discriminatorLearningRate, discriminatorBeta1, discriminatorBeta2);
    }

    /** @return the defaults: the VAE's, γ = 40 and the paper's discriminator and its Adam */
    public static FactorVaeConfig defaults() {
        return new FactorVaeConfig(VaeConfig.defaults(), 40, 1000, 6, 1e-4, 0.5, 0.9);
    }
}
