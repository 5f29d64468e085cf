package dev.vaekit.models;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.DataConfig;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.util.ConfigField;

/**
 * The fields of the β-TCVAE family ({@link BetaTcVae}, types {@code dense-beta-tc-vae}, {@code conv-beta-tc-vae},
 * {@code resnet-beta-tc-vae}): the VAE's fields and the weights of the three parts of its KL term (Chen et al. 2018,
 * eq. 4). α = β = γ = 1 is the plain ELBO; the paper keeps α = γ = 1 and raises β to penalise the total correlation.
 *
 * @param vae the VAE's fields; the prior must be the standard normal and q(z|x) the encoder's Gaussian, whose
 *     densities the decomposition evaluates
 * @param alpha weight α ≥ 0 of the index-code mutual information I_q(z; n)
 * @param beta weight β ≥ 0 of the total correlation KL(q(z) ‖ Π_j q(z_j))
 * @param gamma weight γ ≥ 0 of the dimension-wise KL Σ_j KL(q(z_j) ‖ p(z_j))
 */
public record BetaTcVaeConfig(
        VaeConfig vae,
        @ConfigField(flag = "--tc-alpha", label = "A", value = "β-TCVAE: weight α of the mutual information I(z; x).")
                double alpha,
        @ConfigField(flag = "--tc-beta", label = "B", value = "β-TCVAE: weight β of the total correlation of q(z).")
                double beta,
        @ConfigField(flag = "--tc-gamma", label = "G", value = "β-TCVAE: weight γ of the dimension-wise KL.")
                double gamma)
        implements VaeFamilyConfig {

    /** Validates every field. */
    public BetaTcVaeConfig {
        if (vae == null) {
            throw new InvalidInputException("a beta-tc-vae needs the VAE's fields");
        }
        for (double w : new double[] {alpha, beta, gamma}) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new InvalidInputException("model.alpha, model.beta and model.gamma (--tc-alpha, --tc-beta, "
                        + "--tc-gamma) must be finite numbers >= 0, got " + alpha + ", " + beta + " and " + gamma);
            }
        }
        if (!vae.analyticKl()) {
            throw new InvalidInputException(
                    "a beta-tc-vae decomposes the KL to the standard normal prior of a Gaussian "
                            + "q(z|x): keep model.prior standard and model.posteriorFlow none");
        }
    }

    @Override
    public void validate(ModelConfig model) {
        vae.validate(model);
    }

    @Override
    public void validateRun(ModelConfig model, DataConfig data, ObjectiveConfig objective) {
        vae.validateRun(model, data, objective);
        if (objective.beta() != 1 || objective.samples() != 1 || objective.freeBits() != 0) {
            throw new InvalidInputException("a " + model.type() + " weights the parts of its KL term with model.alpha, "
                    + "model.beta and model.gamma (--tc-alpha, --tc-beta, --tc-gamma) and draws one z per example: "
                    + "leave objective.beta, samples and freeBits at 1, 1 and 0 (got " + objective.beta() + ", "
                    + objective.samples() + ", " + objective.freeBits() + ")");
        }
    }

    /** @return the defaults: the VAE's, α = γ = 1 as in Chen et al. 2018, and a total-correlation weight β = 6 */
    public static BetaTcVaeConfig defaults() {
        return new BetaTcVaeConfig(VaeConfig.defaults(), 1, 6, 1);
    }
}
