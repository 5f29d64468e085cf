package dev.vaekit.models;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.Binarization;
import dev.vaekit.data.DataConfig;
import dev.vaekit.flows.FlowNormalization;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.util.ConfigField;

/**
 * The fields of the stand-alone flows ({@link FlowModel}: {@code nice}, {@code maf}, {@code realnvp}, {@code glow};
 * see {@link FlowArchitecture}). Their coupling networks take the shared {@code model.hidden}, {@code
 * model.activation} and {@code model.residualBlocks}; they have no latent size of their own.
 *
 * @param flowLength the number K ≥ 1 of flow steps: NICE's and RealNVP's couplings on vectors, MAF's steps, Glow's
 *     steps per level
 * @param flowLevels for {@code realnvp} and {@code glow} on images: the number of scales (each squeezes the image to
 *     half its height and width and factors out half the channels), ≥ 1
 * @param dequantize the data are 8-bit values v/255, modelled as a discrete distribution through uniform
 *     dequantization (and bits/dim are reported); false models the values as continuous
 * @param flowNorm for {@code realnvp}: the layer in front of each coupling ({@link FlowNormalization}): {@code
 *     actnorm} (the default), {@code batchnorm} (as in Dinh et al. 2017) or {@code none}; the other types have no such
 *     choice and keep the default
 * @param flowTransform for a dequantizing flow: the map applied to the data before the flow ({@link FlowTransform});
 *     {@code default} is the type's usual one
 * @param flowScale for an image {@code realnvp} or {@code glow}: how its affine couplings bound their log-scale
 *     ({@link FlowScale}); {@code default} is the type's usual one
 * @param flowBaseDof ν &gt; 0 gives the flow a multivariate Student's t base with ν degrees of freedom ({@link
 *     dev.vaekit.flows.StudentTBase}, fat-tailed); 0 (the default) keeps the type's own base, the standard normal
 *     (NICE: logistic)
 */
public record FlowConfig(
        @ConfigField(
                        flag = "--flow-length",
                        label = "K",
                        value = "Steps of the posterior flow, or of a stand-alone flow (couplings of nice, steps of "
                                + "maf, steps per level of glow).")
                int flowLength,
        @ConfigField(flag = "--flow-levels", label = "L", value = "Scales of a realnvp or glow flow on images.")
                int flowLevels,
        @ConfigField(
                        flag = "--dequantize",
                        label = "BOOL",
                        value = "A stand-alone flow models the data as 8-bit values (uniform dequantization, "
                                + "bits/dim); needs --binarize none.")
                boolean dequantize,
        @ConfigField(
                        flag = "--flow-norm",
                        label = "N",
                        value = "Normalization in front of each coupling of a realnvp: actnorm (Kingma & Dhariwal "
                                + "2018), batchnorm (as in Dinh et al. 2017; batch statistics while training, running "
                                + "averages otherwise) or none.")
                FlowNormalization flowNorm,
        @ConfigField(
                        flag = "--flow-transform",
                        label = "T",
                        value = "Map applied to a dequantizing flow's 8-bit data before the flow, its Jacobian charged "
                                + "to the likelihood: logit (RealNVP's, α = 0.05), shift (Glow's y - 1/2), none, or "
                                + "default: the type's usual one (logit for realnvp and maf, shift for glow, none for "
                                + "nice).")
                FlowTransform flowTransform,
        @ConfigField(
                        flag = "--flow-scale",
                        label = "S",
                        value = "How the affine couplings of an image realnvp or glow bound their log-scale: tanh "
                                + "(RealNVP's, may stretch), sigmoid (Glow's, only shrinks), additive (no scale), or "
                                + "default: the type's own.")
                FlowScale flowScale,
        @ConfigField(
                        flag = "--flow-base-dof",
                        label = "NU",
                        value = "Give a stand-alone flow a multivariate Student's t base with NU degrees of freedom "
                                + "(fat-tailed: a code far out costs about (NU + D)/2 log |z|^2 instead of |z|^2/2); 0: "
                                + "the type's own base (normal; NICE: logistic). With --init-from, the source may have "
                                + "another base.")
                double flowBaseDof)
        implements FamilyConfig {

    /** Validates every field. */
    public FlowConfig {
        if (flowLength < 1 || flowLevels < 1) {
            throw new InvalidInputException("model.flowLength and model.flowLevels of a stand-alone flow must be >= 1, "
                    + "got " + flowLength + " and " + flowLevels);
        }
        ModelConfig.checkLayers("flowLength", flowLength);
        ModelConfig.checkLayers("flowLevels", flowLevels);
        if (flowNorm == null) {
            throw new InvalidInputException("model.flowNorm must be set (actnorm, batchnorm or none)");
        }
        if (flowTransform == null) {
            throw new InvalidInputException("model.flowTransform must be set (default, none, logit or shift)");
        }
        if (flowTransform != FlowTransform.DEFAULT && !dequantize) {
            throw new InvalidInputException("model.flowTransform " + flowTransform.id() + " (--flow-transform) maps "
                    + "dequantized 8-bit data; it needs model.dequantize true");
        }
        if (flowScale == null) {
            throw new InvalidInputException("model.flowScale must be set (default, tanh, sigmoid or additive)");
        }
        if (!(flowBaseDof >= 0) || Double.isInfinite(flowBaseDof)) {
            throw new InvalidInputException("model.flowBaseDof (--flow-base-dof) must be 0 (the type's own base) or "
                    + "the degrees of freedom > 0 of a Student's t base, got " + flowBaseDof);
        }
    }

    @Override
    public void validate(ModelConfig model) {
        FlowArchitecture architecture = FlowArchitecture.of(model);
        if (flowNorm != FlowNormalization.ACTNORM && !architecture.normalizationChoice()) {
            throw new InvalidInputException("model.flowNorm " + flowNorm.id() + " (--flow-norm) chooses the "
                    + "normalization of a realnvp's couplings; a " + model.type()
                    + " has no such choice (leave it at actnorm)");
        }
        if (flowScale != FlowScale.DEFAULT && architecture.defaultScale() == null) {
            throw new InvalidInputException("model.flowScale " + flowScale.id() + " (--flow-scale) bounds the "
                    + "couplings of an image realnvp or glow; a " + model.type()
                    + " has no such choice (leave it at default)");
        }
    }

    @Override
    public void validateRun(ModelConfig model, DataConfig data, ObjectiveConfig objective) {
        objective.requireUnused(model.type(), "the exact −log p(x)");
        if (data.binarization() != Binarization.NONE) {
            throw new InvalidInputException("a " + model.type() + " flow models the values as they are (continuous, or "
                    + "8-bit with model.dequantize): set data.binarization (--binarize) to none, got "
                    + data.binarization().id());
        }
    }

    /** @return a builder holding the defaults: 4 steps, 2 levels, continuous data, the type's own choices */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the defaults */
    public static FlowConfig defaults() {
        return builder().build();
    }

    /** @return a builder starting from this config */
    public Builder toBuilder() {
        return new Builder()
                .flowLength(flowLength)
                .flowLevels(flowLevels)
                .dequantize(dequantize)
                .flowNorm(flowNorm)
                .flowTransform(flowTransform)
                .flowScale(flowScale)
                .flowBaseDof(flowBaseDof);
    }

    /** Builds a {@link FlowConfig}; it starts from the defaults. */
    public static final class Builder {
        private int flowLength = 4;
        private int flowLevels = 2;
        private boolean dequantize = false;
        private FlowNormalization flowNorm = FlowNormalization.ACTNORM;
        private FlowTransform flowTransform = FlowTransform.DEFAULT;
        private FlowScale flowScale = FlowScale.DEFAULT;
        private double flowBaseDof = 0;

        private Builder() {}

        /** @param value flow steps @return this builder */
        public Builder flowLength(int value) {
            this.flowLength = value;
            return this;
        }

        /** @param value scales of an image flow @return this builder */
        public Builder flowLevels(int value) {
            this.flowLevels = value;
            return this;
        }

        /** @param value model the data as 8-bit values @return this builder */
        public Builder dequantize(boolean value) {
            this.dequantize = value;
            return this;
        }

        /** @param value a realnvp's normalization @return this builder */
        public Builder flowNorm(FlowNormalization value) {
            this.flowNorm = value;
            return this;
        }

        /** @param value the map applied to 8-bit data @return this builder */
        public Builder flowTransform(FlowTransform value) {
            this.flowTransform = value;
            return this;
        }

        /** @param value how image couplings bound their scale @return this builder */
        public Builder flowScale(FlowScale value) {
            this.flowScale = value;
            return this;
        }

        /** @param value degrees of freedom of a Student's t base, 0 for the type's own @return this builder */
        public Builder flowBaseDof(double value) {
            this.flowBaseDof = value;
            return this;
        }

        /** @return the validated config */
        public FlowConfig build() {
            return new FlowConfig(flowLength, flowLevels, dequantize, flowNorm, flowTransform, flowScale, flowBaseDof);
        }
    }
}
