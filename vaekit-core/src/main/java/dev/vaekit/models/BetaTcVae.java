package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.data.TableSchema;
import dev.vaekit.distributions.DiagonalGaussian;
import dev.vaekit.distributions.StandardNormal;
import dev.vaekit.engine.Tensors;
import dev.vaekit.nn.NetworkKind;
import dev.vaekit.objectives.Loss;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The β-TCVAE of Chen, Li, Grosse &amp; Duvenaud 2018 ("Isolating Sources of Disentanglement in Variational
 * Autoencoders"): a {@link Vae} whose KL term, averaged over the data, is split into three parts (eq. 2),
 *
 * <pre>
 *   E_p(n)[KL(q(z|n) ‖ p(z))] = I_q(z; n) + KL(q(z) ‖ Π_j q(z_j)) + Σ_j KL(q(z_j) ‖ p(z_j)),
 *                               (index-code MI)  (total correlation)   (dimension-wise KL)
 * </pre>
 *
 * where q(z) = (1/N) Σ_n q(z|n) is the aggregate posterior of the N training examples, and trained on
 *
 * <pre>
 *   loss = −E_q[log p(x|z)] + w · (α I_q(z; n) + β TC + γ Σ_j KL(q(z_j) ‖ p(z_j)))        (eq. 4)
 * </pre>
 *
 * with w the warm-up weight ({@code objective.warmupEpochs}). α = β = γ = 1 is the ELBO. The three parts need log q(z)
 * and log Π_j q(z_j), which involve all N examples; they are estimated from the minibatch by minibatch weighted
 * sampling (§4.1): for z_i ~ q(z|x_i) and a minibatch of M examples,
 *
 * <pre>
 *   q(z_i) ≈ (1/N) q(z_i|x_i) + (N − 1)/(N (M − 1)) Σ_{j ≠ i} q(z_i|x_j),
 * </pre>
 *
 * and likewise for each marginal q(z_ij): the own example counts with its probability 1/N under the uniform data
 * distribution, and the M − 1 others stand for the other N − 1. (With these weights the estimate's expectation over the
 * minibatch is q(z_i) itself; the paper's printed normalisation 1/(NM) of the plain sum shifts every log-density by
 * about −log N, which leaves the gradient unchanged but moves the reported total correlation by (D − 1) log N.) A
 * minibatch of M = N examples gives the aggregate posterior exactly. The reported KL and bound are the ELBO's, with
 * the KL in closed form; the three parts are reported as {@code mi}, {@code tc} and {@code dimKl}.
 *
 * <p>Validation and the likelihood estimate are the VAE's: the ELBO and importance sampling.
 */
public final class BetaTcVae extends Vae {
    private static final float LOG_2PI = (float) Math.log(2 * Math.PI);

    /** The β-TCVAE family: types {@code dense-beta-tc-vae}, {@code conv-beta-tc-vae} and {@code resnet-beta-tc-vae}. */
    static final ModelFamily FAMILY = ModelFamily.withNetworks(
            "beta-tc-vae",
            "β-TCVAE",
            "A VAE whose KL term is split into mutual information, total correlation and dimension-wise KL, each "
                    + "weighted (Chen et al. 2018).",
            Capabilities.Likelihood.BOUND,
            BetaTcVaeConfig.class,
            BetaTcVaeConfig::defaults,
            BetaTcVae::new,
            NetworkKind.DENSE,
            NetworkKind.CONV,
            NetworkKind.RESNET);

    private final BetaTcVaeConfig weights;

    /**
     * Builds the networks with freshly initialised weights (drawn from the engine's seeded generator).
     *
     * @param config a β-TCVAE's config
     * @param schema for the {@code mixed} likelihood, the table schema; else null
     * @param manager parent of the parameters' manager
     */
    public BetaTcVae(ModelConfig config, TableSchema schema, NDManager manager) {
        super(config, schema, manager);
        this.weights = config.family(BetaTcVaeConfig.class);
    }

    /**
     * The log-densities of codes z_i ~ q(z|x_i) of a minibatch, each of shape (M).
     *
     * @param logQzGivenX log q(z_i|x_i)
     * @param logQz the minibatch estimate of log q(z_i)
     * @param logProductQz the minibatch estimate of log Π_j q(z_ij)
     * @param logPz log p(z_i) under N(0, I)
     */
    public record Decomposition(NDArray logQzGivenX, NDArray logQz, NDArray logProductQz, NDArray logPz) {

        /** @return the index-code mutual information I_q(z; n): the batch mean of log q(z|x) − log q(z) */
        public NDArray mutualInformation() {
            return logQzGivenX.sub(logQz).mean();
        }

        /** @return the total correlation KL(q(z) ‖ Π_j q(z_j)): the batch mean of log q(z) − log Π_j q(z_j) */
        public NDArray totalCorrelation() {
            return logQz.sub(logProductQz).mean();
        }

        /** @return Σ_j KL(q(z_j) ‖ p(z_j)): the batch mean of log Π_j q(z_j) − log p(z) */
        public NDArray dimensionwiseKl() {
            return logProductQz.sub(logPz).mean();
        }
    }

    /**
     * Estimates the parts of the KL term from one draw per example, by minibatch weighted sampling (see the class).
     *
     * @param z codes z_i ~ q(z|x_i), shape (M, D)
     * @param q the minibatch's posteriors, means and log-variances each (M, D)
     * @param datasetSize N ≥ M, the examples whose aggregate posterior is q(z)
     * @return the log-densities of every code
     */
    public static Decomposition decompose(NDArray z, DiagonalGaussian q, long datasetSize) {
        long m = z.getShape().get(0);
        if (datasetSize < m) {
            throw new IllegalArgumentException(
                    "the data set (" + datasetSize + ") is smaller than its batch (" + m + ")");
        }
        NDArray mean = q.mean();
        NDArray logVar = q.logVar();
        // log N(z_id; μ_jd, σ²_jd) for every code i, example j and dimension d: (M, M, D)
        NDArray deviation = z.expandDims(1).sub(mean.expandDims(0));
        NDArray logDensity = Tensors.scale(
                deviation
                        .square()
                        .mul(logVar.neg().exp().expandDims(0))
                        .add(logVar.expandDims(0))
                        .add(LOG_2PI),
                -0.5);
        NDArray logWeights = logWeights(z.getManager(), m, datasetSize); // (M, M)
        NDArray logQz = Tensors.logSumExp(logDensity.sum(new int[] {2}).add(logWeights), 1, false);
        NDArray logProductQz = Tensors.logSumExp(logDensity.add(logWeights.expandDims(2)), 1, false)
                .sum(new int[] {1});
        NDArray logQzGivenX = Tensors.scale(
                        z.sub(mean).square().mul(logVar.neg().exp()).add(logVar).add(LOG_2PI), -0.5)
                .sum(new int[] {1});
        return new Decomposition(logQzGivenX, logQz, logProductQz, StandardNormal.logProb(z));
    }

    /** log w_ij: 1/N for the code's own example, (N − 1)/(N (M − 1)) for the others; a lone example weighs 1. */
    private static NDArray logWeights(NDManager manager, long m, long n) {
        float own = m == 1 ? 0f : (float) -Math.log(n);
        float other = m == 1 ? 0f : (float) (Math.log(n - 1.0) - Math.log(n) - Math.log(m - 1.0));
        float[] w = new float[(int) (m * m)];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                w[(int) (i * m + j)] = i == j ? own : other;
            }
        }
        return Tensors.create(manager, w, new Shape(m, m));
    }

    /** The β-TCVAE objective (eq. 4) with one draw per example; see the class. */
    @Override
    public Loss loss(Batch batch, LossContext context) {
        Sampled s = sampled(batch, 1);
        DiagonalGaussian q = s.posterior().base();
        Decomposition parts = decompose(s.draw().z().squeeze(0), q, context.examples());
        NDArray reconstruction = s.logPxGivenZ().mean();
        NDArray mi = parts.mutualInformation();
        NDArray tc = parts.totalCorrelation();
        NDArray dimKl = parts.dimensionwiseKl();
        NDArray penalty = Tensors.scale(mi, weights.alpha())
                .add(Tensors.scale(tc, weights.beta()))
                .add(Tensors.scale(dimKl, weights.gamma()));
        NDArray kl = q.klToStandardNormal().mean();
        Map<String, NDArray> extra = new LinkedHashMap<>();
        extra.put("mi", mi);
        extra.put("tc", tc);
        extra.put("dimKl", dimKl);
        return new Loss(
                reconstruction.neg().add(Tensors.scale(penalty, context.klWeight())),
                reconstruction,
                kl,
                reconstruction.sub(kl),
                extra);
    }
}
