package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.vaekit.data.TableSchema;
import dev.vaekit.distributions.DiagonalGaussian;
import dev.vaekit.engine.Tensors;
import dev.vaekit.nn.NetworkKind;
import dev.vaekit.objectives.Elbo;
import dev.vaekit.objectives.Loss;
import dev.vaekit.objectives.ObjectiveConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DIP-VAE (Kumar, Sattigeri &amp; Balakrishnan 2018, "Variational Inference of Disentangled Latent Concepts from
 * Unlabeled Observations"): a {@link Vae} whose ELBO is joined by a penalty that pushes a covariance C of the codes
 * towards the identity, so that the aggregate posterior q(z) matches the factorised prior in its second moments,
 *
 * <pre>
 *   loss = −ELBO + λ_od Σ_{i≠j} C_ij² + λ_d Σ_i (C_ii − 1)²                                       (eq. 6, 7)
 *   DIP-VAE-I:  C = Cov_p(x)[μ(x)]
 *   DIP-VAE-II: C = E_p(x)[Σ(x)] + Cov_p(x)[μ(x)]   (the covariance of q(z) = E_p(x) q(z|x))
 * </pre>
 *
 * with μ(x), Σ(x) = diag σ²(x) the encoder's posterior, and the expectations over p(x) the minibatch's means (the
 * covariance normalised by the batch size M, as disentanglement_lib does). The ELBO is the closed-form one with the
 * objective's samples, β, warm-up and free bits ({@link Elbo#analyticKl}); the penalty's parts are reported as {@code
 * dipOffDiagonal} (Σ_{i≠j} C_ij²) and {@code dipDiagonal} (Σ_i (C_ii − 1)²). Validation and the likelihood estimate are
 * the VAE's.
 */
public final class DipVae extends Vae {

    /** The DIP-VAE family: types {@code dense-dip-vae}, {@code conv-dip-vae} and {@code resnet-dip-vae}. */
    static final ModelFamily FAMILY = ModelFamily.withNetworks(
            "dip-vae",
            "DIP-VAE",
            "A VAE whose codes' covariance is pushed towards the identity (Kumar et al. 2018), type I or II.",
            Capabilities.Likelihood.BOUND,
            DipVaeConfig.class,
            DipVaeConfig::defaults,
            DipVae::new,
            NetworkKind.DENSE,
            NetworkKind.CONV,
            NetworkKind.RESNET);

    private final DipVaeConfig settings;

    /**
     * Builds the networks with freshly initialised weights (drawn from the engine's seeded generator).
     *
     * @param config a DIP-VAE's config
     * @param schema for the {@code mixed} likelihood, the table schema; else null
     * @param manager parent of the parameters' manager
     */
    public DipVae(ModelConfig config, TableSchema schema, NDManager manager) {
        super(config, schema, manager);
        this.settings = config.family(DipVaeConfig.class);
    }

    /**
     * The covariance the penalty matches to the identity, from a minibatch's posteriors.
     *
     * @param q the posteriors, means and log-variances each (M, D)
     * @param kind which covariance
     * @return C, shape (D, D)
     */
    public static NDArray covariance(DiagonalGaussian q, DipKind kind) {
        NDArray mu = q.mean();
        long m = mu.getShape().get(0);
        NDArray centred = mu.sub(mu.mean(new int[] {0}, true));
        NDArray cov = Tensors.scale(centred.transpose().matMul(centred), 1.0 / m); // (1/M) Σ (μ − μ̄)(μ − μ̄)ᵀ
        if (kind == DipKind.I) {
            return cov;
        }
        NDArray meanVariance = q.logVar().exp().mean(new int[] {0}); // E_p(x)[σ²(x)], (D)
        NDArray identity = mu.getManager().eye((int) mu.getShape().get(1));
        return cov.add(identity.mul(meanVariance.expandDims(0))); // + diag(E_p(x)[σ²(x)])
    }

    /**
     * The penalty's two parts for a covariance.
     *
     * @param c the covariance, (D, D)
     * @return {Σ_{i≠j} C_ij², Σ_i (C_ii − 1)²}, each a scalar
     */
    public static NDArray[] penaltyParts(NDArray c) {
        NDArray diagonal = c.diagonal();
        NDArray offDiagonal = c.square().sum().sub(diagonal.square().sum());
        NDArray diagonalPart = diagonal.sub(1f).square().sum();
        return new NDArray[] {offDiagonal, diagonalPart};
    }

    /** −ELBO + the penalty of eq. 6 or 7; see the class. */
    @Override
    public Loss loss(Batch batch, LossContext context) {
        ObjectiveConfig objective = context.objective();
        Sampled s = sampled(batch, objective.samples());
        DiagonalGaussian q = s.posterior().base();
        Loss elbo = Elbo.analyticKl(s.logPxGivenZ(), q, context.klWeight(), (float) objective.freeBits());
        NDArray[] parts = penaltyParts(covariance(q, settings.dipType()));
        NDArray penalty = Tensors.scale(parts[0], settings.dipLambdaOffDiagonal())
                .add(Tensors.scale(parts[1], settings.dipLambdaDiagonal()));
        Map<String, NDArray> extra = new LinkedHashMap<>();
        extra.put("dipOffDiagonal", parts[0]);
        extra.put("dipDiagonal", parts[1]);
        return new Loss(elbo.value().add(penalty), elbo.reconstruction(), elbo.kl(), elbo.bound(), extra);
    }
}
