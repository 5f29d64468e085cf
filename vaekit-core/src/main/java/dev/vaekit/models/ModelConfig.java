package dev.vaekit.models;

import dev.vaekit.InvalidInputException;
import dev.vaekit.flows.FlowNormalization;
import dev.vaekit.nn.ActivationKind;
import dev.vaekit.nn.NetworkKind;
import java.util.List;

/**
 * What network to build. Immutable; validated on construction.
 *
 * @param type {@code <network>-<family>}: the network is {@code dense}, {@code conv}, {@code resnet} or {@code pixel}
 *     ({@link NetworkKind}), the family {@code vae} ({@link Vae}) or {@code ae} ({@link PlainAutoencoder}, the same
 *     networks without sampling, KL or prior); {@code pixel} comes as a VAE only
 * @param inputShape (channels, height, width) of one example; {@code null} until taken from the data
 * @param latentDim dimension of z, ≥ 1; ignored by stand-alone flows, whose codes have the data's size
 * @param hidden for dense networks, the encoder's hidden-layer widths (the decoder mirrors them); for convolutional
 *     ones, the channels of each stride-2 stage (each entry halves the image's height and width)
 * @param activation hidden nonlinearity
 * @param likelihood observation model p(x|z)
 * @param variance for a Gaussian likelihood: fixed, shared or per-dimension σ
 * @param sigma for a Gaussian likelihood: the fixed σ, or the initial one when learned
 * @param mixtureComponents for the discretized-logistic likelihood: the number K ≥ 1 of logistics in each pixel's
 *     mixture (Salimans et al. 2017, eq. 2); must stay 1 for the other likelihoods
 * @param residualBlocks for {@code resnet} and {@code pixel} networks: pre-activation residual blocks per stage, ≥ 0
 *     (a {@code resnet} needs ≥ 1); the other networks ignore it
 * @param prior p(z) of a VAE: {@code standard} N(0, I) or {@code vamp} (Tomczak &amp; Welling 2018)
 * @param pseudoInputs for the VampPrior: the number K ≥ 1 of learned pseudo-inputs; ignored otherwise
 * @param conditionClasses for a conditional VAE (Sohn et al. 2015): the number of label classes that encoder and
 *     decoder are given, one-hot; 0 for an unconditional model
 * @param pixelLayers for {@code pixel}: masked convolution layers of the PixelCNN decoder (the first of type A), ≥ 1;
 *     ignored otherwise
 * @param pixelChannels for {@code pixel}: feature channels of the PixelCNN layers, ≥ 1; ignored otherwise
 * @param posteriorFlow for a VAE: the flow that refines q(z|x) ({@link PosteriorFlowKind}); {@code none} by default
 * @param flowLength the number K of flow steps: of the posterior flow (K ≥ 0; 0 is the identity), or of a
 *     stand-alone flow (K ≥ 1: NICE's and RealNVP's couplings on vectors, MAF's steps, Glow's steps per level)
 * @param priorFlowLength for the {@code flow} prior: its number of MAF steps, ≥ 1; ignored otherwise
 * @param flowHidden width of the hidden layers of the MADE networks in IAF steps and in the flow prior, ≥ 1
 * @param flowLevels for {@code realnvp} and {@code glow} on images: the number of scales (each squeezes the image to
 *     half its height and width and factors out half the channels), ≥ 1
 * @param dequantize for a stand-alone flow: the data are 8-bit values v/255, modelled as a discrete distribution
 *     through uniform dequantization (and bits/dim are reported); false models the values as continuous
 * @param flowNorm for {@code realnvp}: the layer in front of each coupling ({@link FlowNormalization}): {@code
 *     actnorm} (the default), {@code batchnorm} (as in Dinh et al. 2017) or {@code none}; the other types have no
 *     such choice and must keep the default
 * @param flowTransform for a dequantizing stand-alone flow: the map applied to the data before the flow ({@link
 *     FlowTransform}); {@code default} is the type's usual one
 * @param flowScale for an image {@code realnvp} or {@code glow}: how its affine couplings bound their log-scale ({@link
 *     FlowScale}); {@code default} is the type's usual one
 * @param flowBaseDof for a stand-alone flow: ν &gt; 0 gives it a multivariate Student's t base with ν degrees of
 *     freedom ({@link dev.vaekit.flows.StudentTBase}, fat-tailed); 0 (the default) keeps the type's own base, the
 *     standard normal (NICE: logistic)
 */
public record ModelConfig(
        String type,
        List<Integer> inputShape,
        int latentDim,
        List<Integer> hidden,
        ActivationKind activation,
        LikelihoodKind likelihood,
        GaussianVariance variance,
        double sigma,
        int mixtureComponents,
        int residualBlocks,
        PriorKind prior,
        int pseudoInputs,
        int conditionClasses,
        int pixelLayers,
        int pixelChannels,
        PosteriorFlowKind posteriorFlow,
        int flowLength,
        int priorFlowLength,
        int flowHidden,
        int flowLevels,
        boolean dequantize,
        FlowNormalization flowNorm,
        FlowTransform flowTransform,
        FlowScale flowScale,
        double flowBaseDof) {

    /** Model types this build knows. */
    public static final List<String> TYPES = List.of(
            "dense-vae",
            "conv-vae",
            "resnet-vae",
            "pixel-vae",
            "dense-ae",
            "conv-ae",
            "resnet-ae",
            "nice",
            "maf",
            "realnvp",
            "glow");

    /** The stand-alone flows among {@link #TYPES}: density models with an exact likelihood. */
    public static final List<String> FLOW_TYPES = List.of("nice", "maf", "realnvp", "glow");

    /** Residual blocks per stage when a config does not say. */
    public static final int DEFAULT_RESIDUAL_BLOCKS = 2;

    /** VampPrior pseudo-inputs when a config does not say (Tomczak &amp; Welling 2018 used 500 on MNIST). */
    public static final int DEFAULT_PSEUDO_INPUTS = 500;

    /** PixelCNN layers when a config does not say. */
    public static final int DEFAULT_PIXEL_LAYERS = 4;

    /** PixelCNN feature channels when a config does not say. */
    public static final int DEFAULT_PIXEL_CHANNELS = 32;

    /** Flow steps of a posterior or prior flow when a config does not say. */
    public static final int DEFAULT_FLOW_LENGTH = 4;

    /** Hidden width of the MADE networks of IAF and MAF steps when a config does not say. */
    public static final int DEFAULT_FLOW_HIDDEN = 256;

    /** Scales of a multi-scale image flow when a config does not say. */
    public static final int DEFAULT_FLOW_LEVELS = 2;

    /** Validates every field. */
    public ModelConfig {
        if (!TYPES.contains(type)) {
            throw new InvalidInputException("model.type: unknown model '" + type + "'; expected one of " + TYPES);
        }
        if (inputShape != null) {
            if (inputShape.size() != 3 || inputShape.stream().anyMatch(s -> s == null || s < 1)) {
                throw new InvalidInputException(
                        "model.inputShape must be three positive sizes [channels, height, width], got " + inputShape);
            }
            inputShape = List.copyOf(inputShape);
        }
        if (latentDim < 1) {
            throw new InvalidInputException("model.latentDim must be >= 1, got " + latentDim);
        }
        if (hidden == null || hidden.stream().anyMatch(h -> h == null || h < 1)) {
            throw new InvalidInputException("model.hidden must be a list of widths >= 1, got " + hidden);
        }
        hidden = List.copyOf(hidden);
        if (activation == null || likelihood == null || variance == null || prior == null) {
            throw new InvalidInputException(
                    "model.activation, model.likelihood, model.variance and model.prior must be set");
        }
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new InvalidInputException("model.sigma must be a finite number > 0, got " + sigma);
        }
        if (mixtureComponents < 1) {
            throw new InvalidInputException("model.mixtureComponents must be >= 1, got " + mixtureComponents);
        }
        if (mixtureComponents != 1 && likelihood != LikelihoodKind.DISCRETIZED_LOGISTIC) {
            throw new InvalidInputException("model.mixtureComponents (--mixture-components) applies to the "
                    + "discretized-logistic likelihood only; model.likelihood is " + likelihood.id() + " and "
                    + "mixtureComponents " + mixtureComponents);
        }
        NetworkKind network = networkOf(type);
        if (residualBlocks < 0 || (network == NetworkKind.RESNET && residualBlocks < 1)) {
            throw new InvalidInputException("model.residualBlocks must be >= " + (network == NetworkKind.RESNET ? 1 : 0)
                    + " for " + type + ", got " + residualBlocks);
        }
        if (network != NetworkKind.DENSE && hidden.isEmpty()) {
            throw new InvalidInputException("model.hidden: a " + type + " needs at least one stage (a channel count)");
        }
        if (pseudoInputs < 1) {
            throw new InvalidInputException("model.pseudoInputs must be >= 1, got " + pseudoInputs);
        }
        if (prior != PriorKind.STANDARD && type.endsWith("-ae")) {
            throw new InvalidInputException(
                    "model.prior " + prior.id() + ": a plain autoencoder (" + type + ") has no prior; use a -vae type");
        }
        if (conditionClasses < 0 || conditionClasses == 1) {
            throw new InvalidInputException(
                    "model.conditionClasses must be 0 (unconditional) or >= 2 label classes, got " + conditionClasses);
        }
        if (conditionClasses > 0 && prior != PriorKind.STANDARD) {
            throw new InvalidInputException("model.prior " + prior.id() + " with model.conditionClasses "
                    + conditionClasses + ": only the standard prior is conditioned on labels; use it");
        }
        if (network == NetworkKind.PIXEL && inputShape != null && inputShape.get(0) != 1) {
            throw new InvalidInputException("model.inputShape: the PixelCNN decoder of a " + type
                    + " models grey images (1 channel), got " + inputShape.get(0) + " channels");
        }
        if (pixelLayers < 1 || pixelChannels < 1) {
            throw new InvalidInputException("model.pixelLayers and model.pixelChannels must be >= 1, got " + pixelLayers
                    + " and " + pixelChannels);
        }
        if (posteriorFlow == null) {
            throw new InvalidInputException(
                    "model.posteriorFlow must be set (none, planar, amortized-planar, radial or iaf)");
        }
        if (posteriorFlow != PosteriorFlowKind.NONE && prior == PriorKind.VAMP) {
            throw new InvalidInputException("model.prior vamp with model.posteriorFlow " + posteriorFlow.id()
                    + ": the VampPrior's components are the encoder's Gaussians, which a posterior flow would not be; "
                    + "use one or the other");
        }
        if (posteriorFlow != PosteriorFlowKind.NONE && type.endsWith("-ae")) {
            throw new InvalidInputException("model.posteriorFlow " + posteriorFlow.id() + ": a plain autoencoder ("
                    + type + ") has no posterior; use a -vae type");
        }
        if (flowLength < 0 || priorFlowLength < 1 || flowHidden < 1 || flowLevels < 1) {
            throw new InvalidInputException("model.flowLength must be >= 0, model.priorFlowLength, model.flowHidden "
                    + "and model.flowLevels >= 1, got " + flowLength + ", " + priorFlowLength + ", " + flowHidden
                    + " and " + flowLevels);
        }
        boolean flow = FLOW_TYPES.contains(type);
        if (flow
                && (flowLength < 1
                        || prior != PriorKind.STANDARD
                        || posteriorFlow != PosteriorFlowKind.NONE
                        || conditionClasses != 0)) {
            throw new InvalidInputException("model.type " + type + " is a stand-alone flow: it needs flowLength >= 1 "
                    + "and has no prior choice, posterior flow or condition (got flowLength " + flowLength + ", prior "
                    + prior.id() + ", posteriorFlow " + posteriorFlow.id() + ", conditionClasses " + conditionClasses
                    + ")");
        }
        if (dequantize && !flow) {
            throw new InvalidInputException("model.dequantize is for stand-alone flows; a " + type
                    + " models 8-bit data with the discretized-logistic or categorical-256 likelihood");
        }
        if (flowNorm == null) {
            throw new InvalidInputException("model.flowNorm must be set (actnorm, batchnorm or none)");
        }
        if (flowNorm != FlowNormalization.ACTNORM && !type.equals("realnvp")) {
            throw new InvalidInputException("model.flowNorm " + flowNorm.id() + " (--flow-norm) chooses the "
                    + "normalization of a realnvp's couplings; a " + type
                    + " has no such choice (leave it at actnorm)");
        }
        if (flowTransform == null) {
            throw new InvalidInputException("model.flowTransform must be set (default, none, logit or shift)");
        }
        if (flowTransform != FlowTransform.DEFAULT && !dequantize) {
            throw new InvalidInputException("model.flowTransform " + flowTransform.id() + " (--flow-transform) maps "
                    + "dequantized 8-bit data; it needs a stand-alone flow with model.dequantize true");
        }
        if (flowScale == null) {
            throw new InvalidInputException("model.flowScale must be set (default, tanh, sigmoid or additive)");
        }
        if (flowScale != FlowScale.DEFAULT && !type.equals("realnvp") && !type.equals("glow")) {
            throw new InvalidInputException("model.flowScale " + flowScale.id() + " (--flow-scale) bounds the "
                    + "couplings of an image realnvp or glow; a " + type + " has no such choice (leave it at default)");
        }
        if (!(flowBaseDof >= 0) || Double.isInfinite(flowBaseDof)) {
            throw new InvalidInputException("model.flowBaseDof (--flow-base-dof) must be 0 (the type's own base) or "
                    + "the degrees of freedom > 0 of a Student's t base, got " + flowBaseDof);
        }
        if (flowBaseDof > 0 && !flow) {
            throw new InvalidInputException("model.flowBaseDof (--flow-base-dof) gives a stand-alone flow a Student's "
                    + "t base; a " + type + " has no base distribution of its own (leave it at 0)");
        }
    }

    /**
     * A config with actnorm in a RealNVP's couplings and the flow type's usual data transform, coupling scale and
     * base, as every config was before {@code flowNorm}, {@code flowTransform}, {@code flowScale} and {@code
     * flowBaseDof} existed.
     */
    public ModelConfig(
            String type,
            List<Integer> inputShape,
            int latentDim,
            List<Integer> hidden,
            ActivationKind activation,
            LikelihoodKind likelihood,
            GaussianVariance variance,
            double sigma,
            int mixtureComponents,
            int residualBlocks,
            PriorKind prior,
            int pseudoInputs,
            int conditionClasses,
            int pixelLayers,
            int pixelChannels,
            PosteriorFlowKind posteriorFlow,
            int flowLength,
            int priorFlowLength,
            int flowHidden,
            int flowLevels,
            boolean dequantize) {
        this(
                type,
                inputShape,
                latentDim,
                hidden,
                activation,
                likelihood,
                variance,
                sigma,
                mixtureComponents,
                residualBlocks,
                prior,
                pseudoInputs,
                conditionClasses,
                pixelLayers,
                pixelChannels,
                posteriorFlow,
                flowLength,
                priorFlowLength,
                flowHidden,
                flowLevels,
                dequantize,
                FlowNormalization.ACTNORM,
                FlowTransform.DEFAULT,
                FlowScale.DEFAULT,
                0);
    }

    /** A config without flows, as every config was before {@code posteriorFlow} existed. */
    public ModelConfig(
            String type,
            List<Integer> inputShape,
            int latentDim,
            List<Integer> hidden,
            ActivationKind activation,
            LikelihoodKind likelihood,
            GaussianVariance variance,
            double sigma,
            int mixtureComponents,
            int residualBlocks,
            PriorKind prior,
            int pseudoInputs,
            int conditionClasses,
            int pixelLayers,
            int pixelChannels) {
        this(
                type,
                inputShape,
                latentDim,
                hidden,
                activation,
                likelihood,
                variance,
                sigma,
                mixtureComponents,
                residualBlocks,
                prior,
                pseudoInputs,
                conditionClasses,
                pixelLayers,
                pixelChannels,
                PosteriorFlowKind.NONE,
                DEFAULT_FLOW_LENGTH,
                DEFAULT_FLOW_LENGTH,
                DEFAULT_FLOW_HIDDEN,
                DEFAULT_FLOW_LEVELS,
                false);
    }

    /**
     * A config of a dense or convolutional model with the defaults for everything added after {@code
     * mixtureComponents}: standard prior, unconditional, no flows.
     */
    public ModelConfig(
            String type,
            List<Integer> inputShape,
            int latentDim,
            List<Integer> hidden,
            ActivationKind activation,
            LikelihoodKind likelihood,
            GaussianVariance variance,
            double sigma,
            int mixtureComponents) {
        this(
                type,
                inputShape,
                latentDim,
                hidden,
                activation,
                likelihood,
                variance,
                sigma,
                mixtureComponents,
                DEFAULT_RESIDUAL_BLOCKS,
                PriorKind.STANDARD,
                DEFAULT_PSEUDO_INPUTS,
                0,
                DEFAULT_PIXEL_LAYERS,
                DEFAULT_PIXEL_CHANNELS);
    }

    /** A config with one mixture component, as every config was before {@code mixtureComponents} existed. */
    public ModelConfig(
            String type,
            List<Integer> inputShape,
            int latentDim,
            List<Integer> hidden,
            ActivationKind activation,
            LikelihoodKind likelihood,
            GaussianVariance variance,
            double sigma) {
        this(type, inputShape, latentDim, hidden, activation, likelihood, variance, sigma, 1);
    }

    private static NetworkKind networkOf(String type) {
        return switch (type) {
            case "nice", "maf" -> NetworkKind.DENSE;
            case "realnvp" -> NetworkKind.RESNET;
            case "glow" -> NetworkKind.CONV;
            default -> NetworkKind.valueOf(type.substring(0, type.indexOf('-')).toUpperCase(java.util.Locale.ROOT));
        };
    }

    /**
     * @return the network family, the first word of {@link #type}; for the flows, that of their coupling networks:
     *     dense for NICE and MAF, residual for RealNVP, convolutional for Glow
     */
    public NetworkKind network() {
        return networkOf(type);
    }

    /** @return whether this is a plain autoencoder ({@code -ae}), which has no prior and no likelihood p(x) */
    public boolean plainAutoencoder() {
        return type.endsWith("-ae");
    }

    /** @return whether encoder and decoder take a one-hot label ({@link #conditionClasses} &gt; 0) */
    public boolean conditional() {
        return conditionClasses > 0;
    }

    /** @return the number of features of one example */
    public int inputDim() {
        if (inputShape == null) {
            throw new IllegalStateException("model.inputShape is not set yet");
        }
        return inputShape.get(0) * inputShape.get(1) * inputShape.get(2);
    }

    /** @return a copy with the input shape taken from the data */
    public ModelConfig withInputShape(int channels, int height, int width) {
        return new ModelConfig(
                type,
                List.of(channels, height, width),
                latentDim,
                hidden,
                activation,
                likelihood,
                variance,
                sigma,
                mixtureComponents,
                residualBlocks,
                prior,
                pseudoInputs,
                conditionClasses,
                pixelLayers,
                pixelChannels,
                posteriorFlow,
                flowLength,
                priorFlowLength,
                flowHidden,
                flowLevels,
                dequantize,
                flowNorm,
                flowTransform,
                flowScale,
                flowBaseDof);
    }

    /** @return whether this is a stand-alone flow ({@link #FLOW_TYPES}) rather than an autoencoder */
    public boolean flow() {
        return FLOW_TYPES.contains(type);
    }

    /** @return whether q(z|x) is refined by a flow */
    public boolean hasPosteriorFlow() {
        return posteriorFlow != PosteriorFlowKind.NONE;
    }
}
