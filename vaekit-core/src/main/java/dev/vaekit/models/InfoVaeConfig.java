package dev.vaekit.models;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.DataConfig;
import dev.vaekit.objectives.MmdKernel;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.util.ConfigField;

/**
 * The fields of the InfoVAE family ({@link InfoVae}, types {@code dense-info-vae}, {@code conv-info-vae}, {@code
 * resnet-info-vae}): the VAE's fields, InfoVAE's α and λ (Zhao, Song &amp; Ermon 2017) and the kernel of the MMD that
 * measures the divergence of q(z) from p(z). The defaults, α = 0 and λ = 1000, keep the ELBO's KL term whole and add a
 * strong MMD term (weight α + λ − 1 = 999); the inverse multiquadratic kernel with s = 1 is Tolstikhin et al.'s.
 *
 * @param vae the VAE's fields; the prior must be the standard normal and q(z|x) the encoder's Gaussian
 * @param infoAlpha α ≤ 1: the KL term is weighted 1 − α
 * @param infoLambda λ ≥ 0 with α + λ − 1 ≥ 0: the MMD term is weighted α + λ − 1
 * @param mmdKernel the kernel, imq or rbf ({@link MmdKernel})
 * @param mmdScale s &gt; 0 of the kernel scale C = 2 d s (the prior's variance)
 */
public record InfoVaeConfig(
        VaeConfig vae,
        @ConfigField(flag = "--info-alpha", label = "A", value = "InfoVAE: α; the KL term is weighted 1 − α.")
                double infoAlpha,
        @ConfigField(
                        flag = "--info-lambda",
                        label = "L",
                        value = "InfoVAE: λ; the MMD of q(z) from p(z) is weighted α + λ − 1.")
                double infoLambda,
        @ConfigField(
                        flag = "--mmd-kernel",
                        label = "imq|rbf",
                        value = "InfoVAE and WAE-MMD: the MMD's kernel, inverse multiquadratic C/(C + ‖x − y‖²) or "
                                + "Gaussian exp(−‖x − y‖²/C), C = 2 d s.")
                MmdKernel mmdKernel,
        @ConfigField(
                        flag = "--mmd-scale",
                        label = "S",
                        value = "InfoVAE and WAE-MMD: s of the kernel scale C = 2 d s (the prior's variance).")
                double mmdScale)
        implements VaeFamilyConfig {

    /** Validates every field. */
    public InfoVaeConfig {
        FamilyChecks.requireGaussianPosterior(vae, "info-vae");
        if (!(infoAlpha <= 1) || Double.isInfinite(infoAlpha)) {
            throw new InvalidInputException(
                    "model.infoAlpha (--info-alpha) must be a finite number <= 1, got " + infoAlpha);
        }
        FamilyChecks.nonNegative(infoLambda, "model.infoLambda (--info-lambda)");
        if (infoAlpha + infoLambda - 1 < 0) {
            throw new InvalidInputException("model.infoAlpha + model.infoLambda - 1, the weight of the MMD term, must "
                    + "be >= 0, got " + infoAlpha + " + " + infoLambda + " - 1");
        }
        checkKernel(mmdKernel, mmdScale);
    }

    /**
     * @param kernel an MMD kernel
     * @param scale its s
     * @throws InvalidInputException unless the kernel is given and s is a finite number &gt; 0
     */
    static void checkKernel(MmdKernel kernel, double scale) {
        if (kernel == null) {
            throw new InvalidInputException("model.mmdKernel (--mmd-kernel) must be imq or rbf");
        }
        FamilyChecks.positive(scale, "model.mmdScale (--mmd-scale)");
    }

    @Override
    public void validateRun(ModelConfig model, DataConfig data, ObjectiveConfig objective) {
        vae.validateRun(model, data, objective);
        FamilyChecks.requireOneDrawElbo(model, objective, "model.infoAlpha and model.infoLambda");
    }

    /** @return the weight of the KL term, 1 − α */
    public double klWeight() {
        return 1 - infoAlpha;
    }

    /** @return the weight of the MMD term, α + λ − 1 */
    public double mmdWeight() {
        return infoAlpha + infoLambda - 1;
    }

    /** @return the defaults: the VAE's, α = 0, λ = 1000, the inverse multiquadratic kernel with s = 1 */
    public static InfoVaeConfig defaults() {
        return new InfoVaeConfig(VaeConfig.defaults(), 0, 1000, MmdKernel.IMQ, 1);
    }
}
