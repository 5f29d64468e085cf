package dev.vaekit.models;

import dev.vaekit.InvalidInputException;
import dev.vaekit.nn.ActivationKind;
import dev.vaekit.nn.NetworkKind;
import dev.vaekit.util.ConfigField;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * What model to build: the core every family shares (its type, the data's shape, the latent size, the networks) and
 * the family's own fields ({@link #family}). Immutable; validated on construction, the family's fields by the
 * family's record and against the core by {@link FamilyConfig#validate}. In a config file the {@code model} section
 * holds all of them side by side ({@link ModelConfigJson}).
 *
 * @param type the model type, resolved by the {@link ModelFamilies registry}: {@code <network>-<family>} for the
 *     families built on vaekit's networks ({@code dense-vae}, {@code conv-ae}, ...), or a bare family name
 *     ({@code realnvp})
 * @param inputShape (channels, height, width) of one example; {@code null} until taken from the data
 * @param latentDim dimension of z, ≥ 1; ignored by stand-alone flows, whose codes have the data's size
 * @param hidden for dense networks, the encoder's hidden-layer widths (the decoder mirrors them); for convolutional
 *     ones, the channels of each stride-2 stage (each entry halves the image's height and width)
 * @param activation hidden nonlinearity
 * @param residualBlocks for {@code resnet} and {@code pixel} networks and the image RealNVP: pre-activation residual
 *     blocks per stage, ≥ 0 (≥ 1 for a {@code resnet}); the other networks ignore it
 * @param family the family's own fields: a record of the class its family registers
 */
@JsonSerialize(using = ModelConfigJson.Writer.class)
@JsonDeserialize(using = ModelConfigJson.Reader.class)
public record ModelConfig(
        @ConfigField(
                        flag = "--model",
                        label = "TYPE",
                        value = "The model: NETWORK-vae or NETWORK-ae with NETWORK one of dense, conv, resnet (pixel: "
                                + "vae only, a PixelCNN decoder), another NETWORK-FAMILY of the registry (e.g. "
                                + "dense-beta-tc-vae), or a stand-alone flow: nice, maf, realnvp, glow.")
                String type,
        List<Integer> inputShape,
        @ConfigField(
                        flag = "--latent-dim",
                        label = "D",
                        value = "Dimension of z (stand-alone flows ignore it: their codes have the data's size).")
                int latentDim,
        @ConfigField(
                        flag = "--hidden",
                        label = "W",
                        value =
                                "Hidden widths, e.g. 400 or 200,200; for conv, resnet and pixel networks the channels "
                                        + "of each stage, each halving the image, e.g. 32,64; for a flow its coupling networks'.")
                List<Integer> hidden,
        @ConfigField(
                        flag = "--activation",
                        label = "F",
                        value = "Hidden nonlinearity: relu, tanh, softplus, elu, gelu.")
                ActivationKind activation,
        @ConfigField(
                        flag = "--residual-blocks",
                        label = "N",
                        value = "Residual blocks per stage of resnet and pixel networks and of an image realnvp's "
                                + "couplings.")
                int residualBlocks,
        FamilyConfig family) {

    /** The type of a config that names none. */
    public static final String DEFAULT_TYPE = "dense-vae";

    /**
     * The largest latent dimension: the encoder's 2·latentDim outputs (a mean and a log-variance each), with any
     * context of a posterior flow, must remain a Java int. Any latent this large is refused for memory anyway.
     */
    public static final int MAX_LATENT_DIM = 1 << 29;

    /**
     * The most layers, residual blocks, flow steps or levels a count field of a model config may ask for: beyond
     * any published network (three times ResNet-1001's 333 blocks a stage; Glow has 32 steps a level), and small enough that a model
     * is built, or refused for memory, without allocating thousands of layers first.
     */
    public static final int MAX_LAYERS = 1000;

    /**
     * Validates every field; a null family takes the family's defaults.
     *
     * @throws InvalidInputException naming the field
     */
    public ModelConfig(
            String type,
            List<Integer> inputShape,
            int latentDim,
            List<Integer> hidden,
            ActivationKind activation,
            int residualBlocks,
            FamilyConfig family) {
        ModelType resolved = ModelFamilies.type(type);
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
        if (latentDim > MAX_LATENT_DIM) {
            throw new InvalidInputException("model.latentDim must be <= " + MAX_LATENT_DIM + ", got " + latentDim);
        }
        if (hidden == null || hidden.stream().anyMatch(h -> h == null || h < 1)) {
            throw new InvalidInputException("model.hidden must be a list of widths >= 1, got " + hidden);
        }
        if (activation == null) {
            throw new InvalidInputException("model.activation must be set (relu, tanh, softplus, elu or gelu)");
        }
        NetworkKind network = resolved.network();
        if (residualBlocks < 0 || (network == NetworkKind.RESNET && residualBlocks < 1)) {
            throw new InvalidInputException("model.residualBlocks must be >= " + (network == NetworkKind.RESNET ? 1 : 0)
                    + " for " + type + ", got " + residualBlocks);
        }
        checkLayers("residualBlocks", residualBlocks);
        if (network != NetworkKind.DENSE && hidden.isEmpty()) {
            throw new InvalidInputException("model.hidden: a " + type + " needs at least one stage (a channel count)");
        }
        ModelFamily owner = resolved.family();
        if (family == null) {
            family = owner.defaults().get();
        }
        if (!owner.configClass().isInstance(family)) {
            throw new IllegalArgumentException(
                    "model.type " + type + " takes a " + owner.configClass().getSimpleName() + ", got a "
                            + family.getClass().getSimpleName());
        }
        this.type = type;
        this.inputShape = inputShape;
        this.latentDim = latentDim;
        this.hidden = List.copyOf(hidden);
        this.activation = activation;
        this.residualBlocks = residualBlocks;
        this.family = family;
        family.validate(this);
    }

    /**
     * Checks a count of layers, blocks, steps or levels against {@link #MAX_LAYERS}.
     *
     * @param field the field's name in the {@code model} section
     * @param count its value
     * @throws InvalidInputException naming the field, if the count exceeds the bound
     */
    static void checkLayers(String field, int count) {
        if (count > MAX_LAYERS) {
            throw new InvalidInputException("model." + field + " must be <= " + MAX_LAYERS + ", got " + count);
        }
    }

    /**
     * @param type a registered model type
     * @return a builder holding the defaults of the core and of that type's family
     */
    public static Builder builder(String type) {
        return new Builder(type);
    }

    /** @return a builder of the default type, {@value #DEFAULT_TYPE} */
    public static Builder builder() {
        return new Builder(DEFAULT_TYPE);
    }

    /** @return a builder starting from this config */
    public Builder toBuilder() {
        return new Builder(type)
                .inputShape(inputShape)
                .latentDim(latentDim)
                .hidden(hidden)
                .activation(activation)
                .residualBlocks(residualBlocks)
                .family(family);
    }

    /** @return the type resolved by the registry: its family and network */
    public ModelType modelType() {
        return ModelFamilies.type(type);
    }

    /**
     * @return the network family of the encoder and decoder; for the flows, that of their coupling networks: dense for
     *     NICE and MAF, residual for RealNVP, convolutional for Glow
     */
    public NetworkKind network() {
        return modelType().network();
    }

    /**
     * The family's own fields as the record its family registers.
     *
     * @param type that record's class (or an interface it implements)
     * @param <C> the record
     * @return {@link #family}
     * @throws IllegalStateException if the family config is of another class
     */
    public <C> C family(Class<C> type) {
        if (!type.isInstance(family)) {
            throw new IllegalStateException(
                    this.type + " has a " + family.getClass().getSimpleName() + ", not a " + type.getSimpleName());
        }
        return type.cast(family);
    }

    /** @return the number of label classes encoder and decoder are given, one-hot; 0 for an unconditional model */
    public int conditionClasses() {
        return family.conditionClasses();
    }

    /** @return whether encoder and decoder take a one-hot label ({@link #conditionClasses} &gt; 0) */
    public boolean conditional() {
        return conditionClasses() > 0;
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
                type, List.of(channels, height, width), latentDim, hidden, activation, residualBlocks, family);
    }

    /** Builds a {@link ModelConfig}; it starts from the defaults of the core and of the type's family. */
    public static final class Builder {
        private final String type;
        private List<Integer> inputShape;
        private int latentDim = 20;
        private List<Integer> hidden = List.of(400);
        private ActivationKind activation = ActivationKind.RELU;
        private int residualBlocks = 2;
        private FamilyConfig family;

        private Builder(String type) {
            this.type = type;
        }

        /** @param value (channels, height, width) of one example, or null to take it from the data @return this */
        public Builder inputShape(List<Integer> value) {
            this.inputShape = value;
            return this;
        }

        /** @param channels channels @param height height @param width width @return this builder */
        public Builder inputShape(int channels, int height, int width) {
            return inputShape(List.of(channels, height, width));
        }

        /** @param value dimension of z @return this builder */
        public Builder latentDim(int value) {
            this.latentDim = value;
            return this;
        }

        /** @param value hidden widths or stage channels @return this builder */
        public Builder hidden(List<Integer> value) {
            this.hidden = value;
            return this;
        }

        /** @param value hidden widths or stage channels @return this builder */
        public Builder hidden(Integer... value) {
            return hidden(Arrays.asList(value));
        }

        /** @param value hidden nonlinearity @return this builder */
        public Builder activation(ActivationKind value) {
            this.activation = value;
            return this;
        }

        /** @param value residual blocks per stage @return this builder */
        public Builder residualBlocks(int value) {
            this.residualBlocks = value;
            return this;
        }

        /** @param value the family's own fields; null (the start) takes the family's defaults @return this */
        public Builder family(FamilyConfig value) {
            this.family = value;
            return this;
        }

        /** @return the validated config */
        public ModelConfig build() {
            return new ModelConfig(type, inputShape, latentDim, hidden, activation, residualBlocks, family);
        }
    }
}
