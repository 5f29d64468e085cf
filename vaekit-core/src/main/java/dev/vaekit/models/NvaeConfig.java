package dev.vaekit.models;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.DataConfig;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.util.ConfigField;

/**
 * The fields of the NVAE-style family ({@link Nvae}, type {@code nvae}): beside the shared fields ({@code model.hidden}
 * the channels of each scale, each halving the image; {@code model.residualBlocks} the residual cells of each encoder
 * stage and after each latent group; {@code model.latentDim} the size of the top, dense latent vector), the spatial
 * latent groups of every scale.
 *
 * @param likelihood the observation model p(x|z)
 * @param latentChannels c_z ≥ 1, the channels of each spatial latent group
 * @param groupsPerScale G ≥ 1, the latent groups at each scale
 */
public record NvaeConfig(
        LikelihoodConfig likelihood,
        @ConfigField(
                        flag = "--latent-channels",
                        label = "C",
                        value = "NVAE: channels of each spatial latent group (one value per pixel of its scale).")
                int latentChannels,
        @ConfigField(flag = "--groups-per-scale", label = "G", value = "NVAE: latent groups at each scale.")
                int groupsPerScale)
        implements FamilyConfig {

    /** Validates every field. */
    public NvaeConfig {
        FamilyChecks.requireUnmixedLikelihood(likelihood, "an NVAE-style model");
        FamilyChecks.inRange(latentChannels, 1, 256, "model.latentChannels");
        FamilyChecks.inRange(groupsPerScale, 1, 16, "model.groupsPerScale");
    }

    @Override
    public void validate(ModelConfig model) {
        if (model.hidden().isEmpty() || model.hidden().size() > 6) {
            throw new InvalidInputException("model.hidden: an nvae needs between 1 and 6 scales (channel counts), got "
                    + model.hidden().size());
        }
        if (model.inputShape() != null) {
            int factor = 1 << model.hidden().size();
            int h = model.inputShape().get(1);
            int w = model.inputShape().get(2);
            if (h % factor != 0 || w % factor != 0) {
                throw new InvalidInputException(
                        "model.hidden: each of its " + model.hidden().size() + " entries is a "
                                + "scale that halves the image, but " + h + "×" + w + " is not divisible by " + factor
                                + "; use fewer entries");
            }
        }
    }

    @Override
    public void validateRun(ModelConfig model, DataConfig data, ObjectiveConfig objective) {
        likelihood.validateRun(data);
    }

    /** @return the defaults: a Bernoulli likelihood, two groups of 4 channels at each scale */
    public static NvaeConfig defaults() {
        return new NvaeConfig(LikelihoodConfig.builder().build(), 4, 2);
    }
}
