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
 * JointVAE (Dupont 2018, "Learning Disentangled Joint Continuous and Discrete Representations"): a VAE with continuous
 * latents z (N(0, I) prior) and categorical latents c_i (uniform priors), the c_i relaxed by the Gumbel-softmax while
 * training, and the KL term of each channel held near a capacity that rises during training (§3, after Burgess et al.
 * 2018):
 *
 * <pre>
 *   loss = −E_q log p(x|z, c) + γ |KL(q(z|x) ‖ p(z)) − C_z(t)| + γ |KL(q(c|x) ‖ p(c)) − C_c(t)|,
 *   C(t) = C_max · min(1, t / E),
 * </pre>
 *
 * t the epochs done and E {@code model.capacityEpochs}; C_c's maximum is capped at Σ_i log K_i, the most information
 * the categorical channel can carry under its uniform prior. Each KL is in closed form. The reported bound is the
 * (relaxed) ELBO, the extra terms are {@code klZ}, {@code klC}, {@code capZ}, {@code capC} and {@code tau}; validation
 * draws the classes exactly, so its bound is the discrete model's ELBO. See {@link MixedLatentVae} for the code (the
 * continuous means, then each variable's most probable class), the likelihood and sampling.
 */
public final class JointVae extends MixedLatentVae {
    /** The JointVAE family. */
    static final ModelFamily FAMILY = ModelFamily.withNetworks(
            "joint-vae",
            "JointVAE",
            "A VAE with continuous and categorical latents, each channel's KL held near a rising capacity (Dupont "
                    + "2018).",
            Capabilities.Likelihood.BOUND,
            JointVaeConfig.class,
            JointVaeConfig::defaults,
            JointVae::new,
            NetworkKind.DENSE,
            NetworkKind.CONV,
            NetworkKind.RESNET);

    private final JointVaeConfig own;

    /**
     * Builds the networks with freshly initialised weights (drawn from the engine's seeded generator).
     *
     * @param config a JointVAE's config; its input shape must be set
     * @param schema ignored (the mixed likelihood is not supported)
     * @param manager parent of the parameters' manager
     */
    public JointVae(ModelConfig config, TableSchema schema, NDManager manager) {
        this(config, config.family(JointVaeConfig.class), schema, manager);
    }

    private JointVae(ModelConfig config, JointVaeConfig own, TableSchema schema, NDManager manager) {
        super(config, own.likelihood(), own.gumbel(), own.continuousDims(config), own.discrete(), schema, manager);
        this.own = own;
    }

    /**
     * The capacities at a point of training.
     *
     * @param epochProgress epochs done, fractional
     * @return C_z and C_c
     */
    public double[] capacities(double epochProgress) {
        double rise = own.capacityEpochs() == 0 ? 1 : Math.min(1, epochProgress / own.capacityEpochs());
        return new double[] {
            own.continuousCapacity() * rise, Math.min(own.discreteCapacity(), own.maxDiscreteCapacity()) * rise
        };
    }

    /** The capacity-controlled objective; see the class. */
    @Override
    public Loss loss(Batch batch, LossContext context) {
        Relaxed pass = relaxed(batch, context);
        NDArray reconstruction = pass.reconstruction();
        NDArray klZ = pass.posterior().continuousKl().mean();
        NDArray klC = pass.posterior().discreteKl().mean();
        double[] c = capacities(context.epochProgress());
        NDArray penalty = klZ.sub((float) c[0]).abs().add(klC.sub((float) c[1]).abs());
        NDArray kl = klZ.add(klC);
        Map<String, NDArray> extra = new LinkedHashMap<>();
        extra.put("klZ", klZ);
        extra.put("klC", klC);
        extra.put("capZ", Tensors.constant(kl, c[0]));
        extra.put("capC", Tensors.constant(kl, c[1]));
        extra.put("tau", Tensors.constant(kl, pass.tau()));
        return new Loss(
                reconstruction.neg().add(Tensors.scale(penalty, own.capacityWeight())),
                reconstruction,
                kl,
                reconstruction.sub(kl),
                extra);
    }
}
