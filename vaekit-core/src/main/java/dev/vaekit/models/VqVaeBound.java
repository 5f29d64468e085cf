package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.DataSource;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.engine.ThreadFitting;
import dev.vaekit.eval.ExampleScores;
import dev.vaekit.eval.LikelihoodEstimator;
import dev.vaekit.eval.LikelihoodReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link VqVae} knows of log p(x): the ELBO of its point-mass posterior,
 *
 * <pre>
 *   log p(x) ≥ log p(x | z_q(x)) + log p(k(x)),
 * </pre>
 *
 * with p(k) its PixelCNN prior. q(k|x) puts all its mass on the encoder's codes k(x), so every importance sample is the
 * same and k &gt; 1 would not tighten anything: this estimator takes k = 1 only, and says so. The report's terms are the
 * reconstruction, the prior term (as the KL, −log p(k(x))), and the codebook's usage and perplexity over the data.
 * Nothing here is random, so the seed changes nothing.
 */
public final class VqVaeBound implements LikelihoodEstimator {
    /** Rows scored per pass. */
    private static final int ROWS_PER_PASS = 256;

    private final VqVae model;

    /** @param model the VQ-VAE */
    public VqVaeBound(VqVae model) {
        this.model = model;
    }

    @Override
    public Draws draws() {
        return Draws.NONE;
    }

    @Override
    public void checkDraws(int k) {
        if (k != 1) {
            throw new InvalidInputException("--k: a VQ-VAE's posterior is a point mass at its codes, so its bound "
                    + "log p(x|z_q) + log p(codes) takes no importance samples; use --k 1 (got " + k + ")");
        }
    }

    @Override
    public String describe(int k, long seed) {
        return "ELBO of the point-mass posterior: log p(x|z_q) + log p(codes) under the PixelCNN prior";
    }

    @Override
    public boolean continuous() {
        return model.likelihoodConfig().kind() == LikelihoodKind.GAUSSIAN;
    }

    @Override
    public List<String> columns() {
        return List.of("reconstruction", "log_prior");
    }

    /** Per-row results: log p(x|z_q), log p(k) and the codes' one-hot counts. */
    private record Scores(double[] reconstruction, double[] logPrior, double[] counts) {}

    private Scores scores(DataSource data) {
        Engines.disableGradOnThisThread();
        int n = data.size();
        int d = data.dim();
        Scores s =
                new Scores(new double[n], new double[n], new double[model.vq().codebookSize()]);
        for (int from = 0; from < n; from += ROWS_PER_PASS) {
            int to = Math.min(n, from + ROWS_PER_PASS);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                float[] values = new float[(to - from) * d];
                data.read(from, to, values);
                NDArray x = Tensors.create(model.parameters().manager(), values, new Shape(to - from, d));
                VqVae.Quantized q = model.quantize(x);
                float[] rec = model.observation()
                        .logProb(x, model.decode(q.indices(), null, null))
                        .toFloatArray();
                float[] prior = model.logPrior(q.indices()).toFloatArray();
                float[] counts = q.oneHot().sum(new int[] {0}).toFloatArray();
                for (int r = 0; r < to - from; r++) {
                    s.reconstruction()[from + r] = rec[r];
                    s.logPrior()[from + r] = prior[r];
                }
                for (int k = 0; k < counts.length; k++) {
                    s.counts()[k] += counts[k];
                }
            }
            ThreadFitting.workStepEnded();
        }
        return s;
    }

    @Override
    public ExampleScores score(DataSource data, int k, long seed, long firstRow) {
        checkDraws(k);
        Scores s = scores(data);
        double[] bound = new double[s.reconstruction().length];
        for (int i = 0; i < bound.length; i++) {
            bound[i] = s.reconstruction()[i] + s.logPrior()[i];
        }
        Map<String, double[]> columns = new LinkedHashMap<>();
        columns.put("reconstruction", s.reconstruction());
        columns.put("log_prior", s.logPrior());
        return new ExampleScores(bound, columns, k, seed);
    }

    @Override
    public LikelihoodReport evaluate(DataSource data, int k, long seed, long firstRow) {
        checkDraws(k);
        long start = System.nanoTime();
        Scores s = scores(data);
        double[] bound = new double[s.reconstruction().length];
        for (int i = 0; i < bound.length; i++) {
            bound[i] = s.reconstruction()[i] + s.logPrior()[i];
        }
        double total = 0;
        for (double c : s.counts()) {
            total += c;
        }
        double entropy = 0;
        int used = 0;
        for (double c : s.counts()) {
            if (c > 0) {
                used++;
                double p = c / total;
                entropy -= p * Math.log(p);
            }
        }
        Map<String, Number> terms = new LinkedHashMap<>();
        double reconstruction = LikelihoodReport.mean(s.reconstruction());
        double kl = -LikelihoodReport.mean(s.logPrior());
        terms.put("elbo", reconstruction - kl);
        terms.put("reconstruction", reconstruction);
        terms.put("kl", kl);
        terms.put("codesUsed", used);
        terms.put("codebookSize", model.vq().codebookSize());
        terms.put("perplexity", Math.exp(entropy));
        return LikelihoodReport.of(
                describe(k, seed), bound, data.dim(), k, seed, (System.nanoTime() - start) / 1e9, terms);
    }

    @Override
    public List<String> describeTerms(LikelihoodReport r) {
        return List.of(
                String.format(
                        "ELBO         %.3f nats (reconstruction %.3f, −log p(codes) %.3f)",
                        r.term("elbo"), r.term("reconstruction"), r.term("kl")),
                String.format(
                        "codebook     %d of %d codes used, perplexity %.1f",
                        (int) r.term("codesUsed"), (int) r.term("codebookSize"), r.term("perplexity")));
    }
}
