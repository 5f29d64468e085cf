package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.data.DataSource;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;

/**
 * log p(x) by importance sampling with the encoder as proposal (Rezende et al. 2014, appendix E; Burda et al. 2015):
 *
 * <pre>
 *   log p(x) ≈ log (1/k) Σ_{i=1..k} p(x|z_i) p(z_i) / q(z_i|x),   z_i ~ q(z|x).
 * </pre>
 *
 * The estimate is a stochastic lower bound whose expectation rises with k to log p(x). Samples are drawn in chunks
 * so memory stays bounded whatever k is; the log-weights of each example are combined in double precision with the
 * log-sum-exp shift ({@link ImportanceSampledEstimator}).
 */
public final class ImportanceSampledLogLikelihood
        extends ImportanceSampledEstimator<ImportanceSampledLogLikelihood.Pass> {
    /**
     * Decoder outputs held at once, in floats (16 MB). Tensors above glibc's largest mmap threshold (32 MB) are mapped
     * afresh at every allocation and page-faulted in: with 64 MB chunks, page faults took 37% of the evaluation's CPU
     * time on a 2-core AMD EPYC VM (k = 5000, 784-400-20 VAE); with 16 MB, the faults fell by two thirds (to those of
     * start-up) and the CPU time by 17%. The importance samples are the same whatever the chunk (each row's draws
     * come from its own seed); the decoder's matrix products may round differently with other chunk shapes (about
     * 1e-10 relative in log p(x)).
     */
    private static final long CHUNK_FLOATS = 4L << 20;

    private final Vae model;
    private final boolean analyticKl;

    /** @param model the VAE whose log p(x) is estimated */
    public ImportanceSampledLogLikelihood(Vae model) {
        super(CHUNK_FLOATS, "", model.config(), model.parameters().manager());
        this.model = model;
        this.analyticKl = model.vae().analyticKl();
    }

    /**
     * Per-example results of one pass, in nats, in row order.
     *
     * @param logLikelihood log p̂(x) = log (1/k) Σ p(x|z_i) p(z_i) / q(z_i|x), the marginal-likelihood estimate
     * @param elbo E_q log p(x|z) − KL(q(z|x) ‖ p(z)) (k-sample mean, analytic KL where there is one)
     * @param reconstructionLogProbability log (1/k) Σ p(x|z_i): An &amp; Cho's (2015) reconstruction probability
     * @param reconstruction (1/k) Σ log p(x|z_i)
     * @param kl KL(q(z|x) ‖ p(z)), analytic, or the k-sample mean of log q − log p
     * @param posteriorMeans E_q[z] per example
     */
    public record VaeScores(
            double[] logLikelihood,
            double[] elbo,
            double[] reconstructionLogProbability,
            double[] reconstruction,
            double[] kl,
            double[][] posteriorMeans) {}

    /**
     * A pass's rows as the VAE sees them.
     *
     * @param condition the rows' conditions, or null for an unconditional model
     * @param posterior q(z|x) of the rows
     */
    record Pass(NDArray condition, Vae.Posterior posterior) {}

    @Override
    public String describe(int k, long seed) {
        return String.format("importance sampling, k = %d, q(z|x) as proposal, seed %d", k, seed);
    }

    @Override
    public boolean continuous() {
        return model.vae().likelihood().kind() == LikelihoodKind.GAUSSIAN;
    }

    /**
     * Scores every example from one set of k draws of q(z|x): the importance-sampled log p(x), the ELBO (the k-sample
     * mean of log p(x|z) minus the KL: analytic for the standard normal prior, the k-sample mean of log q − log p
     * otherwise) and An &amp; Cho's (2015) reconstruction probability in log form, log (1/k) Σ p(x|z_i), which ignores
     * the prior and is what Deeplearning4j reports for anomalies. Row r of {@code data} is row {@code firstRow + r} of
     * the whole: each row's k draws of ε come from a generator seeded by the seed and the row's index in the whole, so
     * a row's scores do not depend on how the rows are batched or split across machines (Spark partitions score
     * exactly as one machine does).
     *
     * @param data rows, binarised already if the model is binary
     * @param k importance samples per example, ≥ 1
     * @param seed seeds the draws
     * @param firstRow index of the first row in the whole data set
     * @return per-example scores, in row order
     */
    public VaeScores scores(DataSource data, int k, long seed, long firstRow) {
        return scoreRows(data, k, seed, firstRow);
    }

    /** @return the decoder's floats per example: samples × rows of them stay within {@link #CHUNK_FLOATS} */
    @Override
    long floatsPerDraw() {
        return model.decoderFloatsPerExample();
    }

    @Override
    Pass open(NDArray x, DataSource data, int from, int to) {
        NDArray condition = Conditions.ofRows(model.config(), data, from, to, x.getManager());
        return new Pass(condition, model.posterior(x, condition));
    }

    @Override
    float[] posteriorMeans(Pass pass) {
        return pass.posterior().base().mean().toFloatArray();
    }

    /** @return KL(q(z|x) ‖ N(0, I)) per row where the VAE's KL is analytic, else null */
    @Override
    float[] analyticKl(Pass pass) {
        return analyticKl ? pass.posterior().base().klToStandardNormal().toFloatArray() : null;
    }

    /** @return ε ~ N(0, I), shape (k, 1, latent) */
    @Override
    NDArray noise(NDManager manager, int k, long rowSeed) {
        return Engines.seededNormal(manager, new Shape(k, 1, model.config().latentDim()), rowSeed);
    }

    @Override
    ImportanceSampler.Weights weigh(Pass pass, NDArray x, NDArray eps) {
        int samples = (int) eps.getShape().get(0);
        int rows = (int) x.getShape().get(0);
        Vae.PosteriorSample draw = model.draw(pass.posterior(), eps);
        NDArray z = draw.z();
        NDArray context = model.autoregressive() ? Tensors.repeatBatch(x, samples) : null;
        NDArray conditions = pass.condition() == null ? null : Tensors.repeatBatch(pass.condition(), samples);
        NDArray out = model.decode(
                        z.reshape((long) samples * rows, model.config().latentDim()), context, conditions)
                .reshape(samples, rows, -1);
        NDArray logPxGivenZ = model.observation().logProb(x, out); // (samples, rows)
        // log q(z_i|x) − log p(z_i); its k-sample mean is the KL where it has no closed form
        NDArray logRatio = draw.logQ().sub(model.prior().logProb(z));
        return new ImportanceSampler.Weights(logPxGivenZ, logRatio, logRatio);
    }
}
