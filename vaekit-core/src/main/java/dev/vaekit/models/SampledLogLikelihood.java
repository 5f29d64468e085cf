package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.data.DataSource;
import dev.vaekit.data.RowSeeds;
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
 * The importance-sampled log-likelihood of a model that draws and weighs its own latent variables ({@link
 * ImportanceSampler}): the hierarchical VAEs (every stochastic layer at once) and the discrete-latent VAEs. For k draws
 * z_i ~ q(z|x),
 *
 * <pre>
 *   log p̂(x) = log (1/k) Σ_i p(x|z_i) p(z_i) / q(z_i|x)          (Burda et al. 2015, eq. 8)
 * </pre>
 *
 * a lower bound on log p(x) in expectation that tightens as k grows; for a hierarchy p(z) and q(z|x) are products over
 * the layers, so log w = log p(x|z_1) + Σ_l log p(z_l|z_{l+1}) − Σ_l log q(z_l|·). Alongside it, from the same draws:
 * the ELBO (its KL term in closed form where the model has one), An &amp; Cho's reconstruction probability
 * log (1/k) Σ_i p(x|z_i), and the active units of the code (Burda et al. 2015, §5.2). Each row's noise comes from a
 * generator seeded by the seed and the row's index in the whole data set ({@link RowSeeds}), so a row scores the same
 * in any batch or partition. Log-weights are combined in double precision with the log-sum-exp shift.
 */
public final class SampledLogLikelihood implements LikelihoodEstimator {
    /** Floats a pass may hold at once (about 64 MB). */
    private static final long CHUNK_FLOATS = 16L << 20;

    private final ImportanceSampler model;

    /** @param model the model whose log p(x) is estimated */
    public SampledLogLikelihood(ImportanceSampler model) {
        this.model = model;
    }

    @Override
    public Draws draws() {
        return Draws.IMPORTANCE_SAMPLES;
    }

    @Override
    public String describe(int k, long seed) {
        return String.format("importance sampling, k = %d, %s, seed %d", k, model.proposal(), seed);
    }

    @Override
    public boolean continuous() {
        return model.continuousData();
    }

    @Override
    public List<String> columns() {
        return List.of("elbo", "reconstruction_log_prob", "kl");
    }

    @Override
    public Map<String, String> alternativeScores() {
        Map<String, String> scores = new LinkedHashMap<>();
        scores.put("elbo", "ELBO");
        scores.put("reconstruction_log_prob", "reconstruction probability");
        return scores;
    }

    /**
     * Per-example results of one pass, in nats, in row order.
     *
     * @param logLikelihood log p̂(x)
     * @param reconstructionLogProbability log (1/k) Σ p(x|z_i)
     * @param reconstruction (1/k) Σ log p(x|z_i)
     * @param kl the k-draw mean of the KL term
     * @param posteriorMeans the code's posterior means per example
     */
    record Scores(
            double[] logLikelihood,
            double[] reconstructionLogProbability,
            double[] reconstruction,
            double[] kl,
            double[][] posteriorMeans) {

        double[] elbo() {
            double[] elbo = new double[reconstruction.length];
            for (int i = 0; i < elbo.length; i++) {
                elbo[i] = reconstruction[i] - kl[i];
            }
            return elbo;
        }
    }

    @Override
    public ExampleScores score(DataSource data, int k, long seed, long firstRow) {
        Scores s = scores(data, k, seed, firstRow);
        Map<String, double[]> columns = new LinkedHashMap<>();
        columns.put("elbo", s.elbo());
        columns.put("reconstruction_log_prob", s.reconstructionLogProbability());
        columns.put("kl", s.kl());
        return new ExampleScores(s.logLikelihood(), columns, k, seed);
    }

    /** The estimate, with the ELBO's terms from the same draws and the active units of the code. */
    @Override
    public LikelihoodReport evaluate(DataSource data, int k, long seed) {
        long start = System.nanoTime();
        Scores s = scores(data, k, seed, 0);
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
                        "active units %d of %d in the code (threshold 0.01)",
                        (int) r.term("activeUnits"), (int) r.term("latentDim")));
    }

    /**
     * Scores every row from k draws of q(z|x); row r of {@code data} is row {@code firstRow + r} of the whole.
     *
     * @param data rows, prepared as the model saw its data
     * @param k draws per row, ≥ 1
     * @param seed seeds the draws
     * @param firstRow index of the first row in the whole data set
     * @return per-row scores, in row order
     */
    Scores scores(DataSource data, int k, long seed, long firstRow) {
        checkDraws(k);
        Engines.disableGradOnThisThread();
        int n = data.size();
        int d = data.dim();
        long width = Math.max(1, model.floatsPerDraw());
        int drawsPerChunk = (int) Math.max(1, Math.min(k, CHUNK_FLOATS / width));
        int rowsPerPass = (int) Math.max(1, Math.min(n, CHUNK_FLOATS / (drawsPerChunk * width)));
        Scores scores = new Scores(new double[n], new double[n], new double[n], new double[n], new double[n][]);
        for (int from = 0; from < n; from += rowsPerPass) {
            int to = Math.min(n, from + rowsPerPass);
            int rows = to - from;
            double[][] logWeights = new double[rows][k];
            double[][] logLikelihoods = new double[rows][k];
            double[] kl = new double[rows];
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                float[] values = new float[rows * d];
                data.read(from, to, values);
                NDArray x = Tensors.create(model.parameters().manager(), values, new Shape(rows, d));
                float[] means = model.posteriorMeans(x).toFloatArray();
                int latent = means.length / rows;
                for (int r = 0; r < rows; r++) {
                    double[] m = new double[latent];
                    for (int j = 0; j < latent; j++) {
                        m[j] = means[r * latent + j];
                    }
                    scores.posteriorMeans()[from + r] = m;
                }
                NDList perRow = new NDList(rows);
                for (int r = 0; r < rows; r++) {
                    perRow.add(model.noise(x.getManager(), k, RowSeeds.of(seed, firstRow + from + r)));
                }
                NDArray allNoise = NDArrays.concat(perRow, 1); // (k, rows, noiseWidth)
                for (int s0 = 0; s0 < k; s0 += drawsPerChunk) {
                    int draws = Math.min(drawsPerChunk, k - s0);
                    try (NDScope chunk = new NDScope()) {
                        chunk.suppressNotUsedWarning();
                        NDArray noise = draws == k ? allNoise : allNoise.get(s0 + ":" + (s0 + draws));
                        ImportanceSampler.Weights w = model.weigh(x, noise);
                        float[] logW = w.logPxGivenZ().sub(w.logRatio()).toFloatArray();
                        float[] rec = w.logPxGivenZ().toFloatArray();
                        float[] klDraws = w.kl().toFloatArray();
                        for (int s = 0; s < draws; s++) {
                            for (int r = 0; r < rows; r++) {
                                logWeights[r][s0 + s] = logW[s * rows + r];
                                logLikelihoods[r][s0 + s] = rec[s * rows + r];
                                kl[r] += klDraws[s * rows + r] / k;
                            }
                        }
                    }
                }
            }
            for (int r = 0; r < rows; r++) {
                int i = from + r;
                scores.logLikelihood()[i] = ImportanceSampledLogLikelihood.logMeanExp(logWeights[r]);
                scores.reconstructionLogProbability()[i] = ImportanceSampledLogLikelihood.logMeanExp(logLikelihoods[r]);
                double sum = 0;
                for (double v : logLikelihoods[r]) {
                    sum += v;
                }
                scores.reconstruction()[i] = sum / k;
                scores.kl()[i] = kl[r];
            }
        }
        return scores;
    }
}
