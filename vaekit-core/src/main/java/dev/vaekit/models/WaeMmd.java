package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.vaekit.data.TableSchema;
import dev.vaekit.nn.NetworkKind;
import dev.vaekit.objectives.Mmd;

/**
 * The Wasserstein autoencoder with the MMD penalty (Tolstikhin, Bousquet, Gelly &amp; Schölkopf 2018, "Wasserstein
 * Auto-Encoders", Algorithm 2, WAE-MMD) with a deterministic encoder: {@code loss = −log p(x|enc(x)) + λ ·
 * MMD²_u(q(z), p(z))}, the unbiased MMD ({@link Mmd}) between the batch's codes and as many draws of N(0, I), with the
 * config's kernel. What it can and cannot do is its base's ({@link PriorMatchingAutoencoder}): samples from its prior,
 * no likelihood; the MMD is reported as {@code mmd}.
 */
public final class WaeMmd extends PriorMatchingAutoencoder {

    /** The WAE-MMD family: types {@code dense-wae-mmd}, {@code conv-wae-mmd} and {@code resnet-wae-mmd}. */
    static final ModelFamily FAMILY = ModelFamily.withNetworks(
            "wae-mmd",
            "WAE-MMD",
            "A deterministic autoencoder whose codes are matched to N(0, I) by an MMD (Tolstikhin et al. 2018); "
                    + "samples, no p(x).",
            Capabilities.Likelihood.NONE,
            WaeMmdConfig.class,
            WaeMmdConfig::defaults,
            WaeMmd::new,
            NetworkKind.DENSE,
            NetworkKind.CONV,
            NetworkKind.RESNET);

    private final WaeMmdConfig settings;

    /**
     * Builds the networks with freshly initialised weights (drawn from the engine's seeded generator).
     *
     * @param config a WAE-MMD's config
     * @param schema for the {@code mixed} likelihood, the table schema; else null
     * @param manager parent of the parameters' manager
     */
    public WaeMmd(ModelConfig config, TableSchema schema, NDManager manager) {
        this(config, config.family(WaeMmdConfig.class), schema, manager);
    }

    private WaeMmd(ModelConfig config, WaeMmdConfig settings, TableSchema schema, NDManager manager) {
        super(config, settings.likelihood(), schema, manager);
        this.settings = settings;
    }

    @Override
    String divergenceName() {
        return "mmd";
    }

    @Override
    double divergenceWeight() {
        return settings.waeLambda();
    }

    @Override
    NDArray divergence(NDArray codes, NDArray priorDraws) {
        return Mmd.squared(codes, priorDraws, settings.mmdKernel(), settings.mmdScale());
    }
}
