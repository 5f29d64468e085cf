package dev.vaekit.models;

import dev.vaekit.data.DataConfig;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.util.ConfigField;

/**
 * The fields of the VQ-VAE family ({@link VqVae}, types {@code dense-vq-vae}, {@code conv-vq-vae}, {@code
 * resnet-vq-vae}; van den Oord, Vinyals &amp; Kavukcuoglu 2017): {@code model.latentDim} code positions, each a vector
 * of {@link #embeddingDim} values quantised to the nearest of {@link #codebookSize} codebook vectors, and the PixelCNN
 * prior over the codes.
 *
 * @param likelihood the observation model p(x|z_q)
 * @param codebookSize K ≥ 2, the codebook's vectors
 * @param embeddingDim D ≥ 1, the values of each code vector
 * @param commitment β ≥ 0, the weight of the commitment loss ‖z_e − sg(e)‖²
 * @param codebookDecay γ ∈ [0, 1), the decay of the codebook's exponential moving averages
 * @param priorLayers gated masked-convolution layers of the PixelCNN prior, ≥ 1
 * @param priorChannels channels of those layers, ≥ 1
 * @param autoencoderEpochs the epochs that train the autoencoder (and the prior beside it); later epochs fit the prior
 *     alone, to the codes of the finished autoencoder
 */
public record VqVaeConfig(
        LikelihoodConfig likelihood,
        @ConfigField(flag = "--codebook-size", label = "K", value = "VQ-VAE: vectors in the codebook.")
                int codebookSize,
        @ConfigField(flag = "--embedding-dim", label = "D", value = "VQ-VAE: values of each codebook vector.")
                int embeddingDim,
        @ConfigField(
                        flag = "--commitment",
                        label = "B",
                        value = "VQ-VAE: weight β of the commitment loss (van den Oord et al. 2017 use 0.25).")
                double commitment,
        @ConfigField(
                        flag = "--codebook-decay",
                        label = "G",
                        value = "VQ-VAE: decay of the codebook's exponential moving averages.")
                double codebookDecay,
        @ConfigField(flag = "--prior-layers", label = "N", value = "VQ-VAE: gated layers of the PixelCNN prior.")
                int priorLayers,
        @ConfigField(flag = "--prior-channels", label = "C", value = "VQ-VAE: channels of the PixelCNN prior.")
                int priorChannels,
        @ConfigField(
                        flag = "--autoencoder-epochs",
                        label = "E",
                        value = "VQ-VAE: epochs that train the autoencoder (and the prior beside it); later epochs fit "
                                + "the PixelCNN prior alone.")
                double autoencoderEpochs)
        implements FamilyConfig {

    /** Most codebook vectors, so that a typo cannot allocate without bound. */
    public static final int MAX_CODEBOOK = 65_536;

    /** Validates every field. */
    public VqVaeConfig {
        FamilyChecks.requireUnmixedLikelihood(likelihood, "a VQ-VAE");
        FamilyChecks.inRange(codebookSize, 2, MAX_CODEBOOK, "model.codebookSize");
        FamilyChecks.inRange(embeddingDim, 1, 4096, "model.embeddingDim");
        FamilyChecks.nonNegative(commitment, "model.commitment");
        FamilyChecks.fraction(codebookDecay, "model.codebookDecay");
        FamilyChecks.inRange(priorLayers, 1, 32, "model.priorLayers");
        FamilyChecks.inRange(priorChannels, 1, 1024, "model.priorChannels");
        FamilyChecks.nonNegative(autoencoderEpochs, "model.autoencoderEpochs");
    }

    @Override
    public void validateRun(ModelConfig model, DataConfig data, ObjectiveConfig objective) {
        likelihood.validateRun(data);
        objective.requireUnused(
                model.type(), "its reconstruction and commitment losses and its prior's negative log-likelihood");
    }

    /**
     * @return the defaults: a Bernoulli likelihood, 64 vectors of 16 values, β = 0.25 and γ = 0.99 as van den Oord et
     *     al. 2017, a PixelCNN prior of 4 layers of 32 channels, 20 autoencoder epochs
     */
    public static VqVaeConfig defaults() {
        return new VqVaeConfig(LikelihoodConfig.builder().build(), 64, 16, 0.25, 0.99, 4, 32, 20);
    }
}
