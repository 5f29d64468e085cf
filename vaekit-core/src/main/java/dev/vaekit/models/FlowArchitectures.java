package dev.vaekit.models;

import ai.djl.ndarray.types.Shape;
import dev.vaekit.InvalidInputException;
import dev.vaekit.flows.ActNorm;
import dev.vaekit.flows.AutoregressiveFlow;
import dev.vaekit.flows.BaseDistribution;
import dev.vaekit.flows.Coupling;
import dev.vaekit.flows.DiagonalScaling;
import dev.vaekit.flows.FlowLayer;
import dev.vaekit.flows.FlowSequence;
import dev.vaekit.flows.ImageFlows;
import dev.vaekit.flows.StandardLogisticBase;
import dev.vaekit.flows.StandardNormalBase;
import dev.vaekit.nn.Parameters;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the stand-alone flow a {@link ModelConfig} names, with its parameters under {@code flow.*}:
 *
 * <ul>
 *   <li>{@code nice} (Dinh et al. 2015): {@code flowLength} additive couplings of alternating parity, each
 *       conditioner a ReLU network of widths {@code hidden}, then a diagonal scaling; logistic base; on the
 *       features as a vector;
 *   <li>{@code maf} (Papamakarios et al. 2017): {@code flowLength} MAF steps of alternating order, MADE widths
 *       {@code hidden}; normal base; on the features as a vector;
 *   <li>{@code realnvp} (Dinh et al. 2017): on images, the multi-scale architecture of {@link ImageFlows#realNvp}
 *       ({@code flowLevels} scales, ResNet conditioners of {@code hidden[0]} channels and {@code residualBlocks}
 *       blocks); on vectors (tables, 2-D toys), {@code flowLength} pairs of actnorm and an affine coupling of
 *       alternating parity; normal base;
 *   <li>{@code glow} (Kingma &amp; Dhariwal 2018): on images only, {@link ImageFlows#glow} with {@code flowLevels}
 *       levels of {@code flowLength} steps and {@code hidden[0]} channels; normal base.
 * </ul>
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
        List<Integer> shape = config.inputShape();
        int d = config.inputDim();
        boolean images = shape.get(1) > 1 && shape.get(2) > 1;
        Shape vector = new Shape(d);
        List<FlowLayer> layers = new ArrayList<>();
        switch (config.type()) {
            case "nice" -> {
                for (int k = 0; k < config.flowLength(); k++) {
                    layers.add(new Coupling(parameters, "flow." + k, d, config.hidden(), k % 2, false));
                }
                layers.add(new DiagonalScaling(parameters, "flow.scaling", d));
                return new Built(new FlowSequence(layers), new StandardLogisticBase(), vector);
            }
            case "maf" -> {
                for (int k = 0; k < config.flowLength(); k++) {
                    layers.add(new AutoregressiveFlow(
                            parameters, "flow." + k, d, config.hidden(), 0, k % 2 == 1, AutoregressiveFlow.Kind.MAF));
                }
                return new Built(new FlowSequence(layers), new StandardNormalBase(), vector);
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
                                    config.flowLevels(),
                                    config.hidden().get(0),
                                    config.residualBlocks()),
                            new StandardNormalBase(),
                            new Shape(shape.get(0), shape.get(1), shape.get(2)));
                }
                for (int k = 0; k < config.flowLength(); k++) {
                    layers.add(new ActNorm(parameters, "flow." + k + ".norm", d));
                    layers.add(new Coupling(parameters, "flow." + k + ".coupling", d, config.hidden(), k % 2, true));
                }
                return new Built(new FlowSequence(layers), new StandardNormalBase(), vector);
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
                                config.flowLevels(),
                                config.flowLength(),
                                config.hidden().get(0)),
                        new StandardNormalBase(),
                        new Shape(shape.get(0), shape.get(1), shape.get(2)));
            }
            default -> throw new IllegalArgumentException(config.type() + " is not a flow");
        }
    }
}
