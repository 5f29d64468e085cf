package dev.vaekit.models;

import ai.djl.ndarray.types.Shape;
import dev.vaekit.InvalidInputException;
import dev.vaekit.flows.BaseDistribution;
import dev.vaekit.flows.Dequantization;
import dev.vaekit.flows.FlowLayer;
import dev.vaekit.flows.ImageCoupling;
import dev.vaekit.flows.ImageFlows;
import dev.vaekit.flows.StandardLogisticBase;
import dev.vaekit.flows.StandardNormalBase;
import dev.vaekit.flows.StudentTBase;
import dev.vaekit.flows.VectorFlows;
import dev.vaekit.nn.NetworkKind;
import dev.vaekit.nn.Parameters;
import java.util.List;

/**
 * The stand-alone flow architectures, each a model family of its own type ({@link #family()}), all with a {@link
 * FlowConfig} and built as a {@link FlowModel}, with their parameters under {@code flow.*} (the vector architectures
 * come from {@link VectorFlows}, the image ones from {@link ImageFlows}). With {@code flowBaseDof} ν &gt; 0, any of
 * them gets a multivariate Student's t base with ν degrees of freedom instead of its own ({@link StudentTBase}).
 */
public enum FlowArchitecture {
    /**
     * NICE (Dinh et al. 2015): {@code flowLength} additive couplings of alternating parity, each conditioner a ReLU
     * network of widths {@code hidden}, then a diagonal scaling; logistic base; on the features as a vector.
     */
    NICE(NetworkKind.DENSE, Dequantization.Transform.NONE, null) {
        @Override
        Built layers(ModelConfig model, FlowConfig flow, Parameters parameters) {
            int d = model.inputDim();
            return new Built(
                    VectorFlows.nice(parameters, "flow", d, model.hidden(), flow.flowLength()),
                    new StandardLogisticBase(),
                    new Shape(d));
        }
    },
    /**
     * MAF (Papamakarios et al. 2017): {@code flowLength} MAF steps of alternating order, MADE widths {@code hidden};
     * normal base; on the features as a vector.
     */
    MAF(NetworkKind.DENSE, Dequantization.Transform.LOGIT, null) {
        @Override
        Built layers(ModelConfig model, FlowConfig flow, Parameters parameters) {
            int d = model.inputDim();
            return new Built(
                    VectorFlows.maf(parameters, "flow", d, model.hidden(), flow.flowLength(), 0),
                    new StandardNormalBase(),
                    new Shape(d));
        }
    },
    /**
     * RealNVP (Dinh et al. 2017): on images, the multi-scale architecture of {@link ImageFlows#realNvp} ({@code
     * flowLevels} scales, ResNet conditioners of {@code hidden[0]} channels and {@code residualBlocks} blocks); on
     * vectors (tables, 2-D toys), {@code flowLength} pairs of a normalization and an affine coupling of alternating
     * parity; the normalization in front of each coupling is {@code flowNorm}; normal base.
     */
    REALNVP(NetworkKind.RESNET, Dequantization.Transform.LOGIT, ImageCoupling.Scale.TANH) {
        @Override
        Built layers(ModelConfig model, FlowConfig flow, Parameters parameters) {
            List<Integer> shape = model.inputShape();
            int d = model.inputDim();
            if (images(model)) {
                return new Built(
                        ImageFlows.realNvp(
                                parameters,
                                "flow",
                                shape.get(0),
                                shape.get(1),
                                shape.get(2),
                                new ImageFlows.RealNvpOptions(
                                        flow.flowLevels(),
                                        model.hidden().get(0),
                                        model.residualBlocks(),
                                        flow.flowScale().resolve(this),
                                        flow.flowNorm())),
                        new StandardNormalBase(),
                        new Shape(shape.get(0), shape.get(1), shape.get(2)));
            }
            if (flow.flowScale() != FlowScale.DEFAULT) {
                throw new InvalidInputException("model.flowScale (--flow-scale) bounds the couplings of a realnvp "
                        + "on images; the data are vectors of " + d + " features (leave it at default)");
            }
            return new Built(
                    VectorFlows.realNvp(parameters, "flow", d, model.hidden(), flow.flowLength(), flow.flowNorm()),
                    new StandardNormalBase(),
                    new Shape(d));
        }
    },
    /**
     * Glow (Kingma &amp; Dhariwal 2018): on images only, {@link ImageFlows#glow} with {@code flowLevels} levels of
     * {@code flowLength} steps and {@code hidden[0]} channels; normal base.
     */
    GLOW(NetworkKind.CONV, Dequantization.Transform.SHIFT, ImageCoupling.Scale.SIGMOID) {
        @Override
        Built layers(ModelConfig model, FlowConfig flow, Parameters parameters) {
            if (!images(model)) {
                throw new InvalidInputException("model.type glow models images; the data are vectors of "
                        + model.inputDim() + " features (use realnvp or maf)");
            }
            List<Integer> shape = model.inputShape();
            return new Built(
                    ImageFlows.glow(
                            parameters,
                            "flow",
                            shape.get(0),
                            shape.get(1),
                            shape.get(2),
                            new ImageFlows.GlowOptions(
                                    flow.flowLevels(),
                                    flow.flowLength(),
                                    model.hidden().get(0),
                                    flow.flowScale().resolve(this))),
                    new StandardNormalBase(),
                    new Shape(shape.get(0), shape.get(1), shape.get(2)));
        }
    };

    private final NetworkKind network;
    private final Dequantization.Transform defaultTransform;
    private final ImageCoupling.Scale defaultScale;

    FlowArchitecture(NetworkKind network, Dequantization.Transform defaultTransform, ImageCoupling.Scale defaultScale) {
        this.network = network;
        this.defaultTransform = defaultTransform;
        this.defaultScale = defaultScale;
    }

    /**
     * @param flow the invertible map
     * @param base its base density
     * @param exampleShape one example's shape as the flow takes it
     */
    record Built(FlowLayer flow, BaseDistribution base, Shape exampleShape) {}

    /** @return the flow's type, its family's name: {@code nice}, {@code maf}, {@code realnvp} or {@code glow} */
    public String type() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** @return this architecture as a model family: its type, {@link FlowConfig}, and {@link FlowModel} as factory */
    ModelFamily family() {
        return ModelFamily.bare(
                type(),
                "flow",
                "A stand-alone normalizing flow with an exact likelihood: " + name() + ".",
                Capabilities.Likelihood.EXACT,
                FlowConfig.class,
                FlowConfig::defaults,
                (config, schema, manager) -> new FlowModel(config, manager),
                network,
                this);
    }

    /**
     * @param model a flow's config
     * @return its architecture
     */
    static FlowArchitecture of(ModelConfig model) {
        return (FlowArchitecture) model.modelType().family().variant();
    }

    /** @return the map applied to 8-bit data when {@code flowTransform} is {@code default} */
    Dequantization.Transform defaultTransform() {
        return defaultTransform;
    }

    /** @return the coupling scale when {@code flowScale} is {@code default}, or null if the type has no choice */
    ImageCoupling.Scale defaultScale() {
        return defaultScale;
    }

    /** @return whether {@code flowNorm} chooses the normalization in front of each coupling (RealNVP only) */
    boolean normalizationChoice() {
        return this == REALNVP;
    }

    /** Builds the flow with its base: the architecture's own, or a Student's t. */
    Built build(ModelConfig model, FlowConfig flow, Parameters parameters) {
        Built built = layers(model, flow, parameters);
        return flow.flowBaseDof() > 0
                ? new Built(built.flow(), new StudentTBase(flow.flowBaseDof()), built.exampleShape())
                : built;
    }

    abstract Built layers(ModelConfig model, FlowConfig flow, Parameters parameters);

    private static boolean images(ModelConfig model) {
        List<Integer> shape = model.inputShape();
        return shape.get(1) > 1 && shape.get(2) > 1;
    }
}
