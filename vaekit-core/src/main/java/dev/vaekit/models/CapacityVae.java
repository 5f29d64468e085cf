package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.vaekit.data.TableSchema;
import dev.vaekit.engine.Tensors;
import dev.vaekit.nn.NetworkKind;
import dev.vaekit.objectives.Loss;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The β-VAE with capacity annealing of Burgess, Higgins, Pal, Matthey, Watters, Desjardins &amp; Lerchner 2018
 * ("Understanding disentangling in β-VAE"): a {@link Vae} whose KL term is pulled towards a target capacity C instead
 * of towards 0,
 *
 * <pre>
 *   loss = −E_q[log p(x|z)] + γ · |KL(q(z|x) ‖ p(z)) − C|                                           (eq. 8)
 * </pre>
 *
 * with the KL the batch mean of the closed form, and C raised linearly from 0 to C_max over {@code capacityEpochs}
 * epochs of training ({@link LossContext#epochProgress()}), so that the code's information grows gradually and the
 * factors that explain most of the reconstruction are encoded first (§4). As in disentanglement_lib's AnnealedVAE the
 * absolute value is taken of the batch's mean KL. The KL and bound reported are the ELBO's; {@code capacity} is C.
 * Validation and the likelihood estimate are the VAE's.
 */
public final class CapacityVae extends Vae {

    /** The family: types {@code dense-capacity-vae}, {@code conv-capacity-vae} and {@code resnet-capacity-vae}. */
    static final ModelFamily FAMILY = ModelFamily.withNetworks(
            "capacity-vae",
            "capacity-annealed β-VAE",
            "A β-VAE whose KL term is held near a capacity C raised linearly during training (Burgess et al. 2018).",
            Capabilities.Likelihood.BOUND,
            CapacityVaeConfig.class,
            CapacityVaeConfig::defaults,
            CapacityVae::new,
            NetworkKind.DENSE,
            NetworkKind.CONV,
            NetworkKind.RESNET);

    private final CapacityVaeConfig settings;

    /**
     * Builds the networks with freshly initialised weights (drawn from the engine's seeded generator).
     *
     * @param config a capacity-annealed β-VAE's config
     * @param schema for the {@code mixed} likelihood, the table schema; else null
     * @param manager parent of the parameters' manager
     */
    public CapacityVae(ModelConfig config, TableSchema schema, NDManager manager) {
        super(config, schema, manager);
        this.settings = config.family(CapacityVaeConfig.class);
    }

    /** The objective of eq. 8 with one draw per example; see the class. */
    @Override
    public Loss loss(Batch batch, LossContext context) {
        OneDraw d = OneDraw.of(this, batch);
        double capacity = settings.capacity(context.epochProgress());
        NDArray gap = d.kl().sub((float) capacity).abs();
        Map<String, NDArray> extra = new LinkedHashMap<>();
        extra.put("capacity", Tensors.constant(d.kl(), capacity));
        return d.loss(extra, Tensors.scale(gap, settings.capacityGamma()));
    }
}
