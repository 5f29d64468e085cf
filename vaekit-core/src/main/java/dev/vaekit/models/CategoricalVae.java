package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.vaekit.data.TableSchema;
import dev.vaekit.engine.Tensors;
import dev.vaekit.nn.NetworkKind;
import dev.vaekit.objectives.Loss;
import java.util.Collections;
import java.util.Map;

/**
 * A VAE whose latent code is N = {@code model.latentDim} categorical variables of K = {@code model.categories} classes
 * with a uniform prior (Jang, Gu &amp; Poole 2017, "Categorical Reparameterization with Gumbel-Softmax", §4.2). It is
 * trained on the ELBO with the Gumbel-softmax relaxation of the draws (eq. 2) at the annealed temperature τ(t), the
 * KL to the uniform prior in closed form:
 *
 * <pre>
 *   loss = −(1/L) Σ_l log p(x | y_l) + w Σ_i KL(Cat(π_i) ‖ U(K)),   y_l,i = softmax((log π_i + g_l,i) / τ),
 * </pre>
 *
 * w the KL weight ({@code objective.beta}, warm-up). The relaxed reconstruction makes the training "bound" a surrogate;
 * the validation loss draws the classes exactly (Gumbel-max), so its bound is the discrete model's ELBO, and the
 * likelihood is estimated with exact draws too. The temperature of the moment is reported as the extra term {@code
 * tau}. See {@link MixedLatentVae} for the code, the likelihood and sampling.
 */
public final class CategoricalVae extends MixedLatentVae {
    /** The categorical VAE family. */
    static final ModelFamily FAMILY = ModelFamily.withNetworks(
            "categorical-vae",
            "categorical VAE",
            "A VAE with categorical latent variables under a uniform prior, trained with the Gumbel-softmax relaxation "
                    + "(Jang et al. 2017).",
            Capabilities.Likelihood.BOUND,
            CategoricalVaeConfig.class,
            CategoricalVaeConfig::defaults,
            CategoricalVae::new,
            NetworkKind.DENSE,
            NetworkKind.CONV,
            NetworkKind.RESNET);

    /**
     * Builds the networks with freshly initialised weights (drawn from the engine's seeded generator).
     *
     * @param config a categorical VAE's config; its input shape must be set
     * @param schema ignored (the mixed likelihood is not supported)
     * @param manager parent of the parameters' manager
     */
    public CategoricalVae(ModelConfig config, TableSchema schema, NDManager manager) {
        this(config, config.family(CategoricalVaeConfig.class), schema, manager);
    }

    private CategoricalVae(ModelConfig config, CategoricalVaeConfig own, TableSchema schema, NDManager manager) {
        super(
                config,
                own.likelihood(),
                own.gumbel(),
                0,
                Collections.nCopies(config.latentDim(), own.categories()),
                schema,
                manager);
    }

    /** The relaxed ELBO at the temperature of the moment; see the class. */
    @Override
    public Loss loss(Batch batch, LossContext context) {
        Relaxed pass = relaxed(batch, context);
        NDArray reconstruction = pass.reconstruction();
        NDArray kl = pass.posterior().kl().mean();
        return new Loss(
                reconstruction.neg().add(Tensors.scale(kl, context.klWeight())),
                reconstruction,
                kl,
                reconstruction.sub(kl),
                Map.of("tau", Tensors.constant(kl, pass.tau())));
    }
}
