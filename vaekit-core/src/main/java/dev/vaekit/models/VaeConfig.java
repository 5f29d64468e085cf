package dev.vaekit.models;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.DataConfig;
import dev.vaekit.nn.NetworkKind;
import dev.vaekit.objectives.Estimator;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.util.ConfigField;

/**
 * The fields of the VAE family ({@link Vae}, types {@code dense-vae}, {@code conv-vae}, {@code resnet-vae}, {@code
 * pixel-vae}), and of the families that extend it (they hold one of these beside their own fields).
 *
 * @param likelihood the observation model p(x|z)
 * @param prior p(z): {@code standard} N(0, I), {@code vamp} (Tomczak &amp; Welling 2018) or {@code flow} (a MAF)
 * @param pseudoInputs for the VampPrior: the number K ≥ 1 of learned pseudo-inputs; ignored otherwise
 * @param conditionClasses for a conditional VAE (Sohn et al. 2015): the number of label classes that encoder and
 *     decoder are given, one-hot; 0 for an unconditional model
 * @param posteriorFlow the flow that refines q(z|x) ({@link PosteriorFlowKind}); {@code none} by default
 * @param flowLength the number K ≥ 0 of posterior flow steps (0 is the identity)
 * @param priorFlowLength for the {@code flow} prior: its number of MAF steps, ≥ 1; ignored otherwise
 * @param flowHidden width of the hidden layers of the MADE networks in IAF steps and in the flow prior, ≥ 1
 * @param pixelLayers for a {@code pixel} network: masked convolution layers of the PixelCNN decoder (the first of type
 *     A), ≥ 1; ignored otherwise
 * @param pixelChannels for a {@code pixel} network: feature channels of the PixelCNN layers, ≥ 1; ignored otherwise
 */
public record VaeConfig(
        LikelihoodConfig likelihood,
        @ConfigField(
                        flag = "--prior",
                        label = "P",
                        value = "p(z): standard (N(0, I)), vamp (VampPrior, Tomczak & Welling 2018) or flow (a MAF on "
                                + "z, Papamakarios et al. 2017); vamp and flow need --estimator a or iwae.")
                PriorKind prior,
        @ConfigField(flag = "--pseudo-inputs", label = "K", value = "VampPrior pseudo-inputs.") int pseudoInputs,
        @ConfigField(flag = "--condition-classes", label = "C", value = Conditions.HELP) int conditionClasses,
        @ConfigField(
                        flag = "--posterior-flow",
                        label = "F",
                        value = "Flow refining q(z|x): none, planar (parameters shared by all x), amortized-planar (u, "
                                + "w, b from the encoder per x), radial (Rezende & Mohamed 2015) or iaf (Kingma et al. "
                                + "2016); needs --estimator a or iwae.")
                PosteriorFlowKind posteriorFlow,
        @ConfigField(
                        flag = "--flow-length",
                        label = "K",
                        value = "Steps of the posterior flow, or of a stand-alone flow (couplings of nice, steps of "
                                + "maf, steps per level of glow).")
                int flowLength,
        @ConfigField(flag = "--prior-flow-length", label = "K", value = "MAF steps of the flow prior.")
                int priorFlowLength,
        @ConfigField(
                        flag = "--flow-hidden",
                        label = "H",
                        value = "Hidden width of the MADE networks of IAF and flow-prior steps.")
                int flowHidden,
        @ConfigField(
                        flag = "--pixel-layers",
                        label = "N",
                        value = "Masked convolution layers of a pixel-vae's PixelCNN decoder.")
                int pixelLayers,
        @ConfigField(flag = "--pixel-channels", label = "C", value = "Feature channels of the PixelCNN layers.")
                int pixelChannels)
        implements VaeFamilyConfig {

    /** Validates every field. */
    public VaeConfig {
        if (likelihood == null) {
            throw new InvalidInputException("model.likelihood must be set");
        }
        if (prior == null) {
            throw new InvalidInputException("model.prior must be set (standard, vamp or flow)");
        }
        if (pseudoInputs < 1) {
            throw new InvalidInputException("model.pseudoInputs must be >= 1, got " + pseudoInputs);
        }
        Conditions.checkClasses(conditionClasses);
        if (conditionClasses > 0 && prior != PriorKind.STANDARD) {
            throw new InvalidInputException("model.prior " + prior.id() + " with model.conditionClasses "
                    + conditionClasses + ": only the standard prior is conditioned on labels; use it");
        }
        if (pixelLayers < 1 || pixelChannels < 1) {
            throw new InvalidInputException("model.pixelLayers and model.pixelChannels must be >= 1, got " + pixelLayers
                    + " and " + pixelChannels);
        }
        ModelConfig.checkLayers("pixelLayers", pixelLayers);
        if (posteriorFlow == null) {
            throw new InvalidInputException(
                    "model.posteriorFlow must be set (none, planar, amortized-planar, radial or iaf)");
        }
        if (posteriorFlow != PosteriorFlowKind.NONE && prior == PriorKind.VAMP) {
            throw new InvalidInputException("model.prior vamp with model.posteriorFlow " + posteriorFlow.id()
                    + ": the VampPrior's components are the encoder's Gaussians, which a posterior flow would not be; "
                    + "use one or the other");
        }
        if (flowLength < 0 || priorFlowLength < 1 || flowHidden < 1) {
            throw new InvalidInputException("model.flowLength must be >= 0, model.priorFlowLength and "
                    + "model.flowHidden >= 1, got " + flowLength + ", " + priorFlowLength + " and " + flowHidden);
        }
        ModelConfig.checkLayers("flowLength", flowLength);
        ModelConfig.checkLayers("priorFlowLength", priorFlowLength);
    }

    @Override
    public VaeConfig vae() {
        return this;
    }

    @Override
    public void validate(ModelConfig model) {
        if (model.network() == NetworkKind.PIXEL
                && model.inputShape() != null
                && model.inputShape().get(0) > pixelChannels) {
            throw new InvalidInputException("model.pixelChannels must be at least the images' "
                    + model.inputShape().get(0) + " channels, so that the PixelCNN of a " + model.type()
                    + " has feature channels for each colour, got " + pixelChannels);
        }
    }

    @Override
    public void validateRun(ModelConfig model, DataConfig data, ObjectiveConfig objective) {
        likelihood.validateRun(data);
        if (prior != PriorKind.STANDARD && objective.estimator() == Estimator.B) {
            throw new InvalidInputException("objective.estimator b uses the closed-form KL to N(0, I), which the "
                    + prior.id() + " prior has not: use estimator a or iwae (--estimator)");
        }
        if (hasPosteriorFlow() && objective.estimator() == Estimator.B) {
            throw new InvalidInputException("objective.estimator b uses the closed-form KL of a Gaussian posterior; "
                    + "the " + posteriorFlow.id() + " posterior flow has none: use estimator a or iwae "
                    + "(--estimator)");
        }
    }

    /** @return whether q(z|x) is refined by a flow */
    public boolean hasPosteriorFlow() {
        return posteriorFlow != PosteriorFlowKind.NONE;
    }

    /** @return whether KL(q(z|x) ‖ p(z)) has a closed form: the standard prior and a Gaussian posterior */
    public boolean analyticKl() {
        return prior == PriorKind.STANDARD && !hasPosteriorFlow();
    }

    /** @return a builder holding the defaults: a Bernoulli likelihood, the standard prior, no flows */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the defaults */
    public static VaeConfig defaults() {
        return builder().build();
    }

    /** @return a builder starting from this config */
    public Builder toBuilder() {
        return new Builder()
                .likelihood(likelihood)
                .prior(prior)
                .pseudoInputs(pseudoInputs)
                .conditionClasses(conditionClasses)
                .posteriorFlow(posteriorFlow)
                .flowLength(flowLength)
                .priorFlowLength(priorFlowLength)
                .flowHidden(flowHidden)
                .pixelLayers(pixelLayers)
                .pixelChannels(pixelChannels);
    }

    /** Builds a {@link VaeConfig}; it starts from the defaults. */
    public static final class Builder {
        private LikelihoodConfig likelihood = LikelihoodConfig.builder().build();
        private PriorKind prior = PriorKind.STANDARD;
        private int pseudoInputs = 500; // Tomczak & Welling 2018 used 500 on MNIST
        private int conditionClasses = 0;
        private PosteriorFlowKind posteriorFlow = PosteriorFlowKind.NONE;
        private int flowLength = 4;
        private int priorFlowLength = 4;
        private int flowHidden = 256;
        private int pixelLayers = 4;
        private int pixelChannels = 32;

        private Builder() {}

        /** @param value the observation model @return this builder */
        public Builder likelihood(LikelihoodConfig value) {
            this.likelihood = value;
            return this;
        }

        /** @param value the observation model's distribution, other settings default @return this builder */
        public Builder likelihood(LikelihoodKind value) {
            return likelihood(LikelihoodConfig.builder().kind(value).build());
        }

        /** @param value p(z) @return this builder */
        public Builder prior(PriorKind value) {
            this.prior = value;
            return this;
        }

        /** @param value VampPrior pseudo-inputs @return this builder */
        public Builder pseudoInputs(int value) {
            this.pseudoInputs = value;
            return this;
        }

        /** @param value label classes, 0 for none @return this builder */
        public Builder conditionClasses(int value) {
            this.conditionClasses = value;
            return this;
        }

        /** @param value the posterior flow @return this builder */
        public Builder posteriorFlow(PosteriorFlowKind value) {
            this.posteriorFlow = value;
            return this;
        }

        /** @param value posterior flow steps @return this builder */
        public Builder flowLength(int value) {
            this.flowLength = value;
            return this;
        }

        /** @param value MAF steps of the flow prior @return this builder */
        public Builder priorFlowLength(int value) {
            this.priorFlowLength = value;
            return this;
        }

        /** @param value MADE width of IAF and flow-prior steps @return this builder */
        public Builder flowHidden(int value) {
            this.flowHidden = value;
            return this;
        }

        /** @param value PixelCNN layers @return this builder */
        public Builder pixelLayers(int value) {
            this.pixelLayers = value;
            return this;
        }

        /** @param value PixelCNN channels @return this builder */
        public Builder pixelChannels(int value) {
            this.pixelChannels = value;
            return this;
        }

        /** @return the validated config */
        public VaeConfig build() {
            return new VaeConfig(
                    likelihood,
                    prior,
                    pseudoInputs,
                    conditionClasses,
                    posteriorFlow,
                    flowLength,
                    priorFlowLength,
                    flowHidden,
                    pixelLayers,
                    pixelChannels);
        }
    }
}
