package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.data.DataSource;
import dev.vaekit.data.RowSeeds;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.engine.ThreadFitting;
import dev.vaekit.eval.ActiveUnits;
import dev.vaekit.eval.ExampleScores;
import dev.vaekit.eval.LikelihoodEstimator;
import dev.vaekit.eval.LikelihoodReport;
import dev.vaekit.models.ImportanceSampledLogLikelihood.VaeScores;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the importance-sampling estimators of log p(x) share ({@link ImportanceSampledLogLikelihood} for a VAE, {@link
 * SampledLogLikelihood} for a model that weighs its own draws): for k draws z_i ~ q(z|x),
 *
 * <pre>
 *   log p̂(x) = log (1/k) Σ_i p(x|z_i) p(z_i) / q(z_i|x)          (Burda et al. 2015, eq. 8)
 * </pre>
 *
 * with, from the same draws, the ELBO (k-sample mean of log p(x|z) minus the KL term), An &amp; Cho's (2015)
 * reconstruction probability log (1/k) Σ_i p(x|z_i) and the active units of the code (Burda et al. 2015, §5.2). Rows go
 * in passes and draws in chunks so that rows × draws × the floats of one draw stay within a budget whatever k is; each
 * row's noise comes from a generator seeded by the seed and the row's index in the whole data set ({@link RowSeeds}),
 * so a row scores the same in any batch or partition; each row's log-weights are combined in double precision with the
 * log-sum-exp shift. A subclass says how a pass of rows is encoded and how a chunk of draws is weighed.
 *
 * @param <P> what a pass keeps between its chunks of draws (the rows' posterior, say)
 */
abstract class ImportanceSampledEstimator<P> implements LikelihoodEstimator {
    private final long chunkFloats;
    private final String codeWords;
    private final ModelConfig config;
    private final NDManager manager;

    /**
     * @param chunkFloats floats a pass may hold at once
     * @param codeWords how the active-units line names the code after its count, e.g. {@code " in the code"}, or empty
     * @param config the model's config (active units are counted of its {@code latentDim})
     * @param manager the manager that owns the tensors of a pass: the model's parameters'
     */
    ImportanceSampledEstimator(long chunkFloats, String codeWords, ModelConfig config, NDManager manager) {
        this.chunkFloats = chunkFloats;
        this.codeWords = codeWords;
        this.config = config;
        this.manager = manager;
    }

    /** @return an upper estimate of the floats one draw of one row holds */
    abstract long floatsPerDraw();

    /**
     * What a pass computes once from its rows.
     *
     * @param x the rows, shape (rows, d)
     * @param data the whole source the rows were read from
     * @param from index in {@code data} of the first row
     * @param to index in {@code data} after the last row
     * @return the pass's state
     */
    abstract P open(NDArray x, DataSource data, int from, int to);

    /** @return the posterior means of the pass's code, row-major, (rows, latent) */
    abstract float[] posteriorMeans(P pass);

    /** @return the KL term in closed form per row of the pass, or null to take the k-draw mean of the weights' kl */
    float[] analyticKl(P pass) {
        return null;
    }

    /**
     * @param manager owner of the result
     * @param k draws
     * @param rowSeed the row's seed
     * @return the noise of k draws of one row, shape (k, 1, noiseWidth)
     */
    abstract NDArray noise(NDManager manager, int k, long rowSeed);

    /**
     * Draws z ~ q(z|x) from the noise and weighs the draws.
     *
     * @param pass the pass's state
     * @param x the rows, shape (rows, d)
     * @param noise shape (draws, rows, noiseWidth)
     * @return the sampled terms, each (draws, rows); {@code kl} is read only where {@link #analyticKl} is null
     */
    abstract ImportanceSampler.Weights weigh(P pass, NDArray x, NDArray noise);

    @Override
    public Draws draws() {
        return Draws.IMPORTANCE_SAMPLES;
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
        VaeScores s = scoreRows(data, k, seed, firstRow);
        Map<String, double[]> columns = new LinkedHashMap<>();
        columns.put("elbo", s.elbo());
        columns.put("reconstruction_log_prob", s.reconstructionLogProbability());
        columns.put("kl", s.kl());
        return new ExampleScores(s.logLikelihood(), columns, k, seed);
    }

    /**
     * The test-set estimate with the ELBO's terms from the same draws and the active units (Burda et al. 2015, §5.2);
     * its terms are {@code elbo}, {@code reconstruction}, {@code kl}, {@code activeUnits} and {@code latentDim}.
     */
    @Override
    public LikelihoodReport evaluate(DataSource data, int k, long seed, long firstRow) {
        long start = System.nanoTime();
        VaeScores s = scoreRows(data, k, seed, firstRow);
        double reconstruction = LikelihoodReport.mean(s.reconstruction());
        double kl = LikelihoodReport.mean(s.kl());
        Map<String, Number> terms = new LinkedHashMap<>();
        terms.put("elbo", reconstruction - kl);
        terms.put("reconstruction", reconstruction);
        terms.put("kl", kl);
        terms.put("activeUnits", ActiveUnits.count(s.posteriorMeans(), ActiveUnits.DEFAULT_THRESHOLD));
        terms.put("latentDim", config.latentDim());
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
                        "active units %d of %d%s (threshold 0.01)",
                        (int) r.term("activeUnits"), (int) r.term("latentDim"), codeWords));
    }

    /**
     * Scores every row from one set of k draws of q(z|x); row r of {@code data} is row {@code firstRow + r} of the
     * whole.
     *
     * @param data rows, prepared as the model saw its data
     * @param k draws per row, ≥ 1
     * @param seed seeds the draws
     * @param firstRow index of the first row in the whole data set
     * @return per-row scores, in row order
     */
    final VaeScores scoreRows(DataSource data, int k, long seed, long firstRow) {
        checkDraws(k);
        Engines.disableGradOnThisThread();
        int n = data.size();
        // rows per pass, and draws per chunk, so that rows × draws × the floats of one draw stay within chunkFloats
        long width = Math.max(1, floatsPerDraw());
        int drawsPerChunk = (int) Math.max(1, Math.min(k, chunkFloats / width));
        int rowsPerPass = (int) Math.max(1, Math.min(n, chunkFloats / (drawsPerChunk * width)));
        VaeScores scores = new VaeScores(
                new double[n], new double[n], new double[n], new double[n], new double[n], new double[n][]);
        for (int from = 0; from < n; from += rowsPerPass) {
            int to = Math.min(n, from + rowsPerPass);
            PassWeights weights = new PassWeights(to - from, k);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                float[] values = new float[(to - from) * data.dim()];
                data.read(from, to, values);
                NDArray x = Tensors.create(manager, values, new Shape(to - from, data.dim()));
                P pass = open(x, data, from, to);
                float[] analytic = keepPosterior(pass, from, to - from, scores);
                // the noise of every row and draw of this pass, (k, rows, noiseWidth), each row from its own stream
                NDList perRow = new NDList(to - from);
                for (int r = 0; r < to - from; r++) {
                    perRow.add(noise(x.getManager(), k, RowSeeds.of(seed, firstRow + from + r)));
                }
                NDArray allNoise = NDArrays.concat(perRow, 1);
                for (int s0 = 0; s0 < k; s0 += drawsPerChunk) {
                    int end = Math.min(k, s0 + drawsPerChunk);
                    try (NDScope chunk = new NDScope()) {
                        chunk.suppressNotUsedWarning();
                        NDArray noise = end - s0 == k ? allNoise : allNoise.get(s0 + ":" + end);
                        weights.add(s0, weigh(pass, x, noise), analytic == null);
                    }
                    ThreadFitting.workStepEnded();
                }
            }
            weights.score(from, scores);
        }
        return scores;
    }

    /**
     * Keeps a pass's posterior means, and its closed-form KL terms where the subclass has them.
     *
     * @return the closed-form KL per row, or null
     */
    private float[] keepPosterior(P pass, int from, int rows, VaeScores scores) {
        float[] means = posteriorMeans(pass);
        float[] kl = analyticKl(pass);
        int latent = means.length / rows;
        for (int r = 0; r < rows; r++) {
            double[] m = new double[latent];
            for (int j = 0; j < latent; j++) {
                m[j] = means[r * latent + j];
            }
            scores.posteriorMeans()[from + r] = m;
            if (kl != null) {
                scores.kl()[from + r] = kl[r];
            }
        }
        return kl;
    }

    /**
     * The k log-weights and log-likelihoods of each row of a pass, gathered chunk by chunk, and the k-draw mean of the
     * sampled KL where no closed form is given.
     */
    private static final class PassWeights {
        private final double[][] logWeights;
        private final double[][] logLikelihoods;
        private final double[] sampledKl;
        private final int k;
        private boolean sampled;

        PassWeights(int rows, int k) {
            this.logWeights = new double[rows][k];
            this.logLikelihoods = new double[rows][k];
            this.sampledKl = new double[rows];
            this.k = k;
        }

        /** Adds the draws {@code s0 …} of a chunk, each term (draws, rows). */
        void add(int s0, ImportanceSampler.Weights w, boolean sampleKl) {
            int rows = sampledKl.length;
            // log w_i = log p(x|z_i) + log p(z_i) − log q(z_i|x)
            float[] logW = w.logPxGivenZ().sub(w.logRatio()).toFloatArray();
            float[] rec = w.logPxGivenZ().toFloatArray();
            float[] klDraws = sampleKl ? w.kl().toFloatArray() : null;
            sampled = sampleKl;
            for (int s = 0; s < logW.length / rows; s++) {
                for (int r = 0; r < rows; r++) {
                    logWeights[r][s0 + s] = logW[s * rows + r];
                    logLikelihoods[r][s0 + s] = rec[s * rows + r];
                    if (sampleKl) {
                        sampledKl[r] += klDraws[s * rows + r] / k;
                    }
                }
            }
        }

        /** Writes each row's scores, row {@code from} onwards; a closed-form KL is already in {@code scores}. */
        void score(int from, VaeScores scores) {
            for (int r = 0; r < sampledKl.length; r++) {
                int i = from + r;
                if (sampled) {
                    scores.kl()[i] = sampledKl[r];
                }
                scores.logLikelihood()[i] = logMeanExp(logWeights[r]);
                scores.reconstructionLogProbability()[i] = logMeanExp(logLikelihoods[r]);
                scores.reconstruction()[i] = LikelihoodReport.mean(logLikelihoods[r]);
                scores.elbo()[i] = scores.reconstruction()[i] - scores.kl()[i];
            }
        }
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
}
