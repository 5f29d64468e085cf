package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.data.DataSource;
import dev.vaekit.data.RowSeeds;
import dev.vaekit.distributions.DiagonalGaussian;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.eval.ActiveUnits;
import dev.vaekit.eval.ExampleScores;
import dev.vaekit.eval.LikelihoodEstimator;
import dev.vaekit.eval.LikelihoodReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * log p(x) by importance sampling with the encoder as proposal (Rezende et al. 2014, appendix E; Burda et al. 2015):
 *
 * <pre>
 *   log p(x) ≈ log (1/k) Σ_{i=1..k} p(x|z_i) p(z_i) / q(z_i|x),   z_i ~ q(z|x).
 * </pre>
 *
 * The estimate is a stochastic lower bound whose expectation rises with k to log p(x). Samples are drawn in chunks
 * so memory stays bounded whatever k is; the log-weights of each example are combined in double precision with the
 * log-sum-exp shift.
 */
public final class ImportanceSampledLogLikelihood implements LikelihoodEstimator {
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

    /** @param model the VAE whose log p(x) is estimated */
    public ImportanceSampledLogLikelihood(Vae model) {
        this.model = model;
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

    @Override
    public Draws draws() {
        return Draws.IMPORTANCE_SAMPLES;
    }

    @Override
    public String describe(int k, long seed) {
        return String.format("importance sampling, k = %d, q(z|x) as proposal, seed %d", k, seed);
    }

    @Override
    public boolean continuous() {
        return model.vae().likelihood().kind() == LikelihoodKind.GAUSSIAN;
    }

    @Override
    public List<String> columns() {
        return List.of("elbo", "reconstruction_log_prob", "kl");
    }

    /** @return the ELBO and An &amp; Cho's reconstruction probability */
    @Override
    public Map<String, String> alternativeScores() {
        Map<String, String> scores = new LinkedHashMap<>();
        scores.put("elbo", "ELBO");
        scores.put("reconstruction_log_prob", "reconstruction probability");
        return scores;
    }

    @Override
    public ExampleScores score(DataSource data, int k, long seed, long firstRow) {
        VaeScores s = scores(data, k, seed, firstRow);
        Map<String, double[]> columns = new LinkedHashMap<>();
        columns.put("elbo", s.elbo());
        columns.put("reconstruction_log_prob", s.reconstructionLogProbability());
        columns.put("kl", s.kl());
        return new ExampleScores(s.logLikelihood(), columns, k, seed);
    }

    /**
     * The test-set estimate with the ELBO's terms from the same samples and the active units (Burda et al. 2015,
     * §5.2); its terms are {@code elbo}, {@code reconstruction}, {@code kl}, {@code activeUnits} and {@code latentDim}.
     */
    @Override
    public LikelihoodReport evaluate(DataSource data, int k, long seed) {
        long start = System.nanoTime();
        VaeScores s = scores(data, k, seed, 0);
        double reconstruction = LikelihoodReport.mean(s.reconstruction());
        double kl = LikelihoodReport.mean(s.kl());
        Map<String, Number> terms = new LinkedHashMap<>();
        terms.put("elbo", reconstruction - kl);
        terms.put("reconstruction", reconstruction);
        terms.put("kl", kl);
        terms.put("activeUnits", ActiveUnits.count(s.posteriorMeans(), ActiveUnits.DEFAULT_THRESHOLD));
        terms.put("latentDim", model.config().latentDim());
        return LikelihoodReport.of(
                describe(k, seed), s.logLikelihood(), data.dim(), k, seed, (System.nanoTime() - start) / 1e9, terms);
    }

    @Override
    public List<String> describeTerms(LikelihoodReport r) {
        return List.of(
                String.format(
                        "ELBO         %.3f nats (reconstruction %.3f, KL %.3f)",
                        r.term("elbo"), r.term("reconstruction"), r.term("kl")),
                String.format(
                        "active units %d of %d (threshold 0.01)",
                        (int) r.term("activeUnits"), (int) r.term("latentDim")));
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
        checkDraws(k);
        Engines.disableGradOnThisThread();
        int n = data.size();
        int d = data.dim();
        int latent = model.config().latentDim();
        // examples per pass, and samples per chunk, so that rows × samples × the decoder's memory per example stays
        // within CHUNK_FLOATS
        long width = model.decoderFloatsPerExample();
        int samplesPerChunk = (int) Math.max(1, Math.min(k, CHUNK_FLOATS / width));
        int rowsPerPass = (int) Math.max(1, Math.min(n, CHUNK_FLOATS / (samplesPerChunk * width)));
        VaeScores scores = new VaeScores(
                new double[n], new double[n], new double[n], new double[n], new double[n], new double[n][]);
        boolean analyticKl = model.vae().analyticKl();
        for (int from = 0; from < n; from += rowsPerPass) {
            int to = Math.min(n, from + rowsPerPass);
            int rows = to - from;
            double[][] logWeights = new double[rows][k];
            double[][] logLikelihoods = new double[rows][k];
            double[] mcKl = new double[rows];
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray x = Tensors.create(model.parameters().manager(), slice(data, from, to), new Shape(rows, d));
                NDArray condition = Conditions.ofRows(model.config(), data, from, to, x.getManager());
                Vae.Posterior posterior = model.posterior(x, condition);
                DiagonalGaussian q = posterior.base();
                float[] mu = q.mean().toFloatArray();
                float[] kl = analyticKl ? q.klToStandardNormal().toFloatArray() : null;
                for (int r = 0; r < rows; r++) {
                    double[] m = new double[latent];
                    for (int j = 0; j < latent; j++) {
                        m[j] = mu[r * latent + j];
                    }
                    scores.posteriorMeans()[from + r] = m;
                    if (analyticKl) {
                        scores.kl()[from + r] = kl[r];
                    }
                }
                // ε for every row and sample of this pass, (k, rows, latent), each row from its own stream
                NDList perRow = new NDList(rows);
                for (int r = 0; r < rows; r++) {
                    perRow.add(Engines.seededNormal(
                            x.getManager(), new Shape(k, 1, latent), RowSeeds.of(seed, firstRow + from + r)));
                }
                NDArray allEps = NDArrays.concat(perRow, 1);
                for (int s0 = 0; s0 < k; s0 += samplesPerChunk) {
                    int samples = Math.min(samplesPerChunk, k - s0);
                    try (NDScope chunk = new NDScope()) {
                        chunk.suppressNotUsedWarning();
                        NDArray eps = samples == k ? allEps : allEps.get(s0 + ":" + (s0 + samples));
                        Vae.PosteriorSample draw = model.draw(posterior, eps);
                        NDArray z = draw.z();
                        NDArray context = model.autoregressive() ? Tensors.repeatBatch(x, samples) : null;
                        NDArray conditions = condition == null ? null : Tensors.repeatBatch(condition, samples);
                        NDArray out = model.decode(z.reshape((long) samples * rows, latent), context, conditions)
                                .reshape(samples, rows, -1);
                        NDArray logPxGivenZ = model.observation().logProb(x, out); // (samples, rows)
                        // log w_i = log p(x|z_i) + log p(z_i) − log q(z_i|x)
                        NDArray logRatio = draw.logQ().sub(model.prior().logProb(z));
                        NDArray logW = logPxGivenZ.sub(logRatio);
                        float[] w = logW.toFloatArray();
                        float[] rec = logPxGivenZ.toFloatArray();
                        float[] ratio = analyticKl ? null : logRatio.toFloatArray();
                        for (int s = 0; s < samples; s++) {
                            for (int r = 0; r < rows; r++) {
                                logWeights[r][s0 + s] = w[s * rows + r];
                                logLikelihoods[r][s0 + s] = rec[s * rows + r];
                                if (!analyticKl) {
                                    mcKl[r] += ratio[s * rows + r] / k;
                                }
                            }
                        }
                    }
                }
            }
            for (int r = 0; r < rows; r++) {
                int i = from + r;
                if (!analyticKl) {
                    scores.kl()[i] = mcKl[r];
                }
                scores.logLikelihood()[i] = logMeanExp(logWeights[r]);
                scores.reconstructionLogProbability()[i] = logMeanExp(logLikelihoods[r]);
                scores.reconstruction()[i] = mean(logLikelihoods[r]);
                scores.elbo()[i] = scores.reconstruction()[i] - scores.kl()[i];
            }
        }
        return scores;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return values.length == 0 ? Double.NaN : sum / values.length;
    }

    /** log (1/k) Σ exp(w_i) in double precision, shifted by the maximum. */
    static double logMeanExp(double[] w) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : w) {
            max = Math.max(max, v);
        }
        if (Double.isInfinite(max)) {
            return max;
        }
        double sum = 0;
        for (double v : w) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum / w.length);
    }

    /** @return the values of examples [from, to) of a source */
    private static float[] slice(DataSource data, int from, int to) {
        float[] rows = new float[(to - from) * data.dim()];
        data.read(from, to, rows);
        return rows;
    }
}
