package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.vaekit.data.TableSchema;
import dev.vaekit.engine.Tensors;
import dev.vaekit.nn.NetworkKind;
import dev.vaekit.objectives.Loss;
import dev.vaekit.objectives.Mmd;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * InfoVAE (Zhao, Song &amp; Ermon 2017, "InfoVAE: Information Maximizing Variational Autoencoders") with the maximum
 * mean discrepancy as its divergence (their MMD-VAE): a {@link Vae} trained on
 *
 * <pre>
 *   loss = −E_q[log p(x|z)] + (1 − α) · w · KL(q(z|x) ‖ p(z)) + (α + λ − 1) · MMD²(q(z), p(z)),
 * </pre>
 *
 * the InfoVAE objective: the ELBO's KL term, which also pulls each q(z|x) to the prior and so erases information about
 * x, is weighted down by α, and the aggregate posterior q(z) = E_p(x) q(z|x) is matched to the prior by a divergence
 * weighted α + λ − 1. w is the warm-up weight of the KL term ({@code objective.warmupEpochs}). The MMD is the unbiased
 * estimate ({@link Mmd}) between one draw z ~ q(z|x) per example and as many draws of N(0, I), with the config's kernel.
 * α = 0, λ = 1 is the ELBO.
 *
 * <p>Its encoder is stochastic and it has a prior, so it is a latent-variable model like any VAE: the ELBO bounds its
 * log p(x) whatever it was trained on, and validation and the likelihood estimate are the VAE's (ELBO, importance
 * sampling). The MMD term is reported as {@code mmd}.
 */
public final class InfoVae extends Vae {

    /** The InfoVAE family: types {@code dense-info-vae}, {@code conv-info-vae} and {@code resnet-info-vae}. */
    static final ModelFamily FAMILY = ModelFamily.withNetworks(
            "info-vae",
            "InfoVAE",
            "A VAE whose KL term is weighted down and whose aggregate posterior is matched to the prior by an MMD "
                    + "(Zhao et al. 2017).",
            Capabilities.Likelihood.BOUND,
            InfoVaeConfig.class,
            InfoVaeConfig::defaults,
            InfoVae::new,
            NetworkKind.DENSE,
            NetworkKind.CONV,
            NetworkKind.RESNET);

    private final InfoVaeConfig settings;

    /**
     * Builds the networks with freshly initialised weights (drawn from the engine's seeded generator).
     *
     * @param config an InfoVAE's config
     * @param schema for the {@code mixed} likelihood, the table schema; else null
     * @param manager parent of the parameters' manager
     */
    public InfoVae(ModelConfig config, TableSchema schema, NDManager manager) {
        super(config, schema, manager);
        this.settings = config.family(InfoVaeConfig.class);
    }

    /** The InfoVAE objective with one draw per example; see the class. */
    @Override
    public Loss loss(Batch batch, LossContext context) {
        OneDraw d = OneDraw.of(this, batch);
        NDArray z = d.z();
        NDArray mmd = Mmd.squared(
                z, prior().sample(z.getManager(), z.getShape().get(0)), settings.mmdKernel(), settings.mmdScale());
        Map<String, NDArray> extra = new LinkedHashMap<>();
        extra.put("mmd", mmd);
        return d.loss(
                extra,
                Tensors.scale(d.kl(), settings.klWeight() * context.klWeight()),
                Tensors.scale(mmd, settings.mmdWeight()));
    }
}
