package dev.vaekit.models;

import ai.djl.ndarray.types.Shape;
import dev.vaekit.InvalidInputException;
import dev.vaekit.flows.BaseDistribution;
import dev.vaekit.flows.FlowLayer;
import dev.vaekit.flows.ImageFlows;
import dev.vaekit.flows.StandardLogisticBase;
import dev.vaekit.flows.StandardNormalBase;
import dev.vaekit.flows.StudentTBase;
import dev.vaekit.flows.VectorFlows;
import dev.vaekit.nn.Parameters;
import java.util.List;

/**
 * Builds the stand-alone flow a {@link ModelConfig} names, with its parameters under {@code flow.*} (the vector
 * architectures come from {@link VectorFlows}, the image ones from {@link ImageFlows}):
 *
 * <ul>
 *   <li>{@code nice} (Dinh et al. 2015): {@code flowLength} additive couplings of alternating parity, each
 *       conditioner a ReLU network of widths {@code hidden}, then a diagonal scaling; logistic base; on the
 *       features as a vector;
 *   <li>{@code maf} (Papamakarios et al. 2017): {@code flowLength} MAF steps of alternating order, MADE widths
 *       {@code hidden}; normal base; on the features as a vector;
 *   <li>{@code realnvp} (Dinh et al. 2017): on images, the multi-scale architecture of {@link ImageFlows#realNvp}
 *       ({@code flowLevels} scales, ResNet conditioners of {@code hidden[0]} channels and {@code residualBlocks}
 *       blocks); on vectors (tables, 2-D toys), {@code flowLength} pairs of a normalization and an affine coupling
 *       of alternating parity; the normalization in front of each coupling is {@code flowNorm}; normal base;
 *   <li>{@code glow} (Kingma &amp; Dhariwal 2018): on images only, {@link ImageFlows#glow} with {@code flowLevels}
 *       levels of {@code flowLength} steps and {@code hidden[0]} channels; normal base.
 * </ul>
 *
 * With {@code flowBaseDof} ν &gt; 0, any of them gets a multivariate Student's t base with ν degrees of freedom
 * instead ({@link StudentTBase}).
 */
final class FlowArchitectures {
    private FlowArchitectures() {}

    /**
     * @param flow the invertible map
     * @param base its base density
     * @param exampleShape one example's shape as the flow takes it
     */
    record Built(FlowLayer flow, BaseDistribution base, Shape exampleShape) {}

    static Built create(ModelConfig config, Parameters parameters) {
        Built built = architecture(config, parameters);
        return config.flowBaseDof() > 0
                ? new Built(built.flow(), new StudentTBase(config.flowBaseDof()), built.exampleShape())
                : built;
    }

    private static Built architecture(ModelConfig config, Parameters parameters) {
        List<Integer> shape = config.inputShape();
        int d = config.inputDim();
        boolean images = shape.get(1) > 1 && shape.get(2) > 1;
        Shape vector = new Shape(d);
        switch (config.type()) {
            case "nice" -> {
                return new Built(
                        VectorFlows.nice(parameters, "flow", d, config.hidden(), config.flowLength()),
                        new StandardLogisticBase(),
                        vector);
            }
            case "maf" -> {
                return new Built(
                        VectorFlows.maf(parameters, "flow", d, config.hidden(), config.flowLength(), 0),
                        new StandardNormalBase(),
                        vector);
            }
            case "realnvp" -> {
                if (images) {
                    return new Built(
                            ImageFlows.realNvp(
                                    parameters,
                                    "flow",
                                    shape.get(0),
                                    shape.get(1),
                                    shape.get(2),
                                    new ImageFlows.RealNvpOptions(
                                            config.flowLevels(),
                                            config.hidden().get(0),
                                            config.residualBlocks(),
                                            config.flowScale().resolve("realnvp"),
                                            config.flowNorm())),
                            new StandardNormalBase(),
                            new Shape(shape.get(0), shape.get(1), shape.get(2)));
                }
                if (config.flowScale() != FlowScale.DEFAULT) {
                    throw new InvalidInputException("model.flowScale (--flow-scale) bounds the couplings of a realnvp "
                            + "on images; the data are vectors of " + d + " features (leave it at default)");
                }
                return new Built(
                        VectorFlows.realNvp(
                                parameters, "flow", d, config.hidden(), config.flowLength(), config.flowNorm()),
                        new StandardNormalBase(),
                        vector);
            }
            case "glow" -> {
                if (!images) {
                    throw new InvalidInputException("model.type glow models images; the data are vectors of " + d
                            + " features (use realnvp or maf)");
                }
                return new Built(
                        ImageFlows.glow(
                                parameters,
                                "flow",
                                shape.get(0),
                                shape.get(1),
                                shape.get(2),
                                new ImageFlows.GlowOptions(
                                        config.flowLevels(),
                                        config.flowLength(),
                                        config.hidden().get(0),
                                        config.flowScale().resolve("glow"))),
                        new StandardNormalBase(),
                        new Shape(shape.get(0), shape.get(1), shape.get(2)));
            }
            default -> throw new IllegalArgumentException(config.type() + " is not a flow");
        }
    }
}
