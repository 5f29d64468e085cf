package dev.vaekit.models;

import dev.vaekit.data.DataConfig;
import dev.vaekit.objectives.MmdKernel;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.util.ConfigField;

/**
 * The fields of the WAE-MMD family ({@link WaeMmd}, types {@code dense-wae-mmd}, {@code conv-wae-mmd}, {@code
 * resnet-wae-mmd}): the decoder's observation model, the weight λ of the MMD and its kernel. The defaults are
 * Tolstikhin et al.'s MNIST setting (§4): λ = 10 and the inverse multiquadratic kernel with C = 2 d σ², σ² = 1.
 *
 * @param likelihood the observation model p(x|z), whose negative log-likelihood is the reconstruction cost
 * @param waeLambda λ ≥ 0, the weight of the MMD
 * @param mmdKernel the kernel, imq or rbf
 * @param mmdScale s &gt; 0 of the kernel scale C = 2 d s (the prior's variance)
 */
public record WaeMmdConfig(
        LikelihoodConfig likelihood,
        @ConfigField(flag = "--wae-lambda", label = "L", value = "WAE-MMD: weight λ of the MMD of q(z) from p(z).")
                double waeLambda,
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
        implements FamilyConfig {

    /** Validates every field. */
    public WaeMmdConfig {
        FamilyChecks.requireLikelihood(likelihood);
        FamilyChecks.nonNegative(waeLambda, "model.waeLambda (--wae-lambda)");
        InfoVaeConfig.checkKernel(mmdKernel, mmdScale);
    }

    @Override
    public void validateRun(ModelConfig model, DataConfig data, ObjectiveConfig objective) {
        likelihood.validateRun(data);
        objective.requireUnused(model.type(), "−log p(x|z=enc(x)) + λ·MMD");
    }

    @Override
    public boolean tableSchema() {
        return likelihood.kind() == LikelihoodKind.MIXED;
    }

    /** @return the defaults: a Bernoulli likelihood, λ = 10, the inverse multiquadratic kernel with s = 1 */
    public static WaeMmdConfig defaults() {
        return new WaeMmdConfig(LikelihoodConfig.builder().build(), 10, MmdKernel.IMQ, 1);
    }
}
