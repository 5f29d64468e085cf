package dev.vaekit.models;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.DataConfig;
import dev.vaekit.objectives.Estimator;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.util.ConfigField;

/**
 * The fields of the DIP-VAE family ({@link DipVae}, types {@code dense-dip-vae}, {@code conv-dip-vae}, {@code
 * resnet-dip-vae}): the VAE's fields, which covariance is matched to the identity (DIP-VAE-I or -II) and the weights of
 * its off-diagonal and diagonal entries (Kumar et al. 2018, eq. 6 and 7). The defaults are DIP-VAE-I with λ_od = 10 and
 * λ_d = 10 λ_od = 100, the paper's ratio for type I; for type II the paper sets λ_d = λ_od, which a config then gives
 * ({@code configs/dip-vae-ii.yaml}).
 *
 * @param vae the VAE's fields; the prior must be the standard normal and q(z|x) the encoder's Gaussian
 * @param dipType i or ii
 * @param dipLambdaOffDiagonal λ_od ≥ 0, the weight of the squared off-diagonal entries
 * @param dipLambdaDiagonal λ_d ≥ 0, the weight of the squared differences of the diagonal entries from 1
 */
public record DipVaeConfig(
        VaeConfig vae,
        @ConfigField(
                        flag = "--dip-type",
                        label = "i|ii",
                        value = "DIP-VAE: i (covariance of the means) or ii (of q(z)).")
                DipKind dipType,
        @ConfigField(
                        flag = "--dip-lambda-od",
                        label = "L",
                        value = "DIP-VAE: weight λ_od of the squared off-diagonal covariances.")
                double dipLambdaOffDiagonal,
        @ConfigField(
                        flag = "--dip-lambda-d",
                        label = "L",
                        value = "DIP-VAE: weight λ_d of the squared differences of the variances from 1.")
                double dipLambdaDiagonal)
        implements VaeFamilyConfig {

    /** Validates every field. */
    public DipVaeConfig {
        FamilyChecks.requireGaussianPosterior(vae, "dip-vae");
        if (dipType == null) {
            throw new InvalidInputException("model.dipType (--dip-type) must be i or ii");
        }
        FamilyChecks.nonNegative(dipLambdaOffDiagonal, "model.dipLambdaOffDiagonal (--dip-lambda-od)");
        FamilyChecks.nonNegative(dipLambdaDiagonal, "model.dipLambdaDiagonal (--dip-lambda-d)");
    }

    /** Its ELBO is the closed-form one (estimator b), with the objective's β, warm-up, samples and free bits. */
    @Override
    public void validateRun(ModelConfig model, DataConfig data, ObjectiveConfig objective) {
        vae.validateRun(model, data, objective);
        if (objective.estimator() != Estimator.B) {
            throw new InvalidInputException("a " + model.type() + " adds its penalty to the ELBO with the closed-form "
                    + "KL: leave objective.estimator at b (got "
                    + objective.estimator().id() + ")");
        }
    }

    /** @return the defaults: the VAE's, DIP-VAE-I, λ_od = 10, λ_d = 100 */
    public static DipVaeConfig defaults() {
        return new DipVaeConfig(VaeConfig.defaults(), DipKind.I, 10, 100);
    }
}
