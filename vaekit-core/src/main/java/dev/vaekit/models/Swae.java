package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.vaekit.data.TableSchema;
import dev.vaekit.nn.NetworkKind;
import dev.vaekit.objectives.SlicedWasserstein;

/**
 * The sliced-Wasserstein autoencoder (Kolouri, Pope, Martin &amp; Rohde 2018, Algorithm 1): a deterministic encoder
 * trained on {@code −log p(x|enc(x)) + λ · SW₂²(q(z), p(z))}, the sliced Wasserstein distance ({@link
 * SlicedWasserstein}) between the batch's codes and as many draws of N(0, I) over {@code swaeProjections} random
 * directions. What it can and cannot do is its base's ({@link PriorMatchingAutoencoder}): samples from its prior, no
 * likelihood; SW₂² is reported as {@code sw}.
 */
public final class Swae extends PriorMatchingAutoencoder {

    /** The SWAE family: types {@code dense-swae}, {@code conv-swae} and {@code resnet-swae}. */
    static final ModelFamily FAMILY = ModelFamily.withNetworks(
            "swae",
            "SWAE",
            "A deterministic autoencoder whose codes are matched to N(0, I) by the sliced Wasserstein distance "
                    + "(Kolouri et al. 2018); samples, no p(x).",
            Capabilities.Likelihood.NONE,
            SwaeConfig.class,
            SwaeConfig::defaults,
            Swae::new,
            NetworkKind.DENSE,
            NetworkKind.CONV,
            NetworkKind.RESNET);

    private final SwaeConfig settings;

    /**
     * Builds the networks with freshly initialised weights (drawn from the engine's seeded generator).
     *
     * @param config an SWAE's config
     * @param schema for the {@code mixed} likelihood, the table schema; else null
     * @param manager parent of the parameters' manager
     */
    public Swae(ModelConfig config, TableSchema schema, NDManager manager) {
        this(config, config.family(SwaeConfig.class), schema, manager);
    }

    private Swae(ModelConfig config, SwaeConfig settings, TableSchema schema, NDManager manager) {
        super(config, settings.likelihood(), schema, manager);
        this.settings = settings;
    }

    @Override
    String divergenceName() {
        return "sw";
    }

    @Override
    double divergenceWeight() {
        return settings.swaeLambda();
    }

    @Override
    NDArray divergence(NDArray codes, NDArray priorDraws) {
        return SlicedWasserstein.squared(codes, priorDraws, settings.swaeProjections());
    }
}
