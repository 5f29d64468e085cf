package dev.vaekit.cli;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.Binarization;
import dev.vaekit.data.DataConfig;
import dev.vaekit.data.DataSource;
import dev.vaekit.engine.ThreadFitting;
import dev.vaekit.eval.LikelihoodEstimator;
import dev.vaekit.eval.LikelihoodReport;
import dev.vaekit.train.Configs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vaekit eval}: test-set log-likelihood by importance sampling, the ELBO and its terms, active units. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Estimate test log p(x) by importance sampling (nats, bits/dim, standard error), the ELBO, "
                + "its terms and active units; for a flow, the exact log p(x) and bits/dim. Not for a plain autoencoder "
                + "(dense-ae): it has no prior, so no p(x).")
final class EvalCommand extends RunCommand {

    /** Importance samples per example of a VAE when --k is not given. */
    static final int DEFAULT_K = 5000;

    @Option(
            names = "--k",
            paramLabel = "K",
            description = "Importance samples per example (default " + DEFAULT_K + "); for a flow on 8-bit data, "
                    + "uniform dequantization draws per example, averaged in probability (default 1, the papers' "
                    + "bits/dim; more gives a tighter bound on log P).")
    Integer k;

    @Option(
            names = "--eval-size",
            paramLabel = "N",
            description = "Use N test examples (default all): the first N, or N from --from on.")
    int evalSize;

    @Option(
            names = "--from",
            paramLabel = "I",
            description = "Start at test example I (0-based; default 0), with --eval-size one part of an evaluation "
                    + "run in several: a VAE's samples for an example depend only on --seed and its index, so the "
                    + "parts give the whole set's log-likelihoods (bench/eval-parts.sh combines them).")
    int from;

    @Option(
            names = "--seed",
            paramLabel = "SEED",
            description = "Seed of the importance samples (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Look for datasets here first.")
    Path dataDir;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        if (k != null && k < 1) {
            throw new InvalidInputException("--k must be >= 1, got " + k);
        }
        if (evalSize < 0) {
            throw new InvalidInputException("--eval-size must be >= 0, got " + evalSize);
        }
        if (from < 0) {
            throw new InvalidInputException("--from must be >= 0, got " + from);
        }
        try (LoadedRun loaded = load()) {
            LikelihoodEstimator estimator = loaded.checkpoint.model().requireLikelihood("eval");
            int draws =
                    k != null ? k : estimator.draws() == LikelihoodEstimator.Draws.IMPORTANCE_SAMPLES ? DEFAULT_K : 1;
            estimator.checkDraws(draws);
            DataSource test = loaded.testData(dataDir, from, evalSize);
            LikelihoodReport r = ThreadFitting.fitted(() -> estimator.evaluate(test, draws, seed, from));
            DataConfig data = loaded.checkpoint.config().data();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("run", run.toString());
                o.put("dataset", data.dataset());
                o.put("weightsEpoch", loaded.checkpoint.weightsEpoch());
                o.put("epochsDone", loaded.checkpoint.state().epochsDone());
                o.put("testSize", r.n());
                o.put("firstExample", from);
                o.put("estimator", r.estimator());
                o.put("k", r.k());
                o.put("nll", r.nll());
                o.put("nllStdErr", r.nllStdErr());
                o.put("bitsPerDim", r.bitsPerDim());
                o.put("dim", r.dim());
                o.putAll(r.terms());
                o.put("seed", r.seed());
                o.put("testBinarizationSeed", loaded.binarizationSeed());
                o.put("binarization", data.binarization().id());
                o.put("seconds", r.seconds());
                printLine(out, o);
            } else {
                out.printf("run          %s (%s, %s)%n", run, data.dataset(), loaded.weightsDescription());
                out.printf(
                        "test set     %d examples%s%s%n",
                        r.n(),
                        from == 0 ? "" : " from example " + from,
                        data.binarization() == Binarization.NONE
                                ? ""
                                : ", binarised once with seed " + loaded.binarizationSeed());
                out.printf("estimator    %s%n", r.estimator());
                out.printf("NLL          %.3f ± %.3f nats (standard error)%n", r.nll(), r.nllStdErr());
                out.printf("bits/dim     %.4f%n", r.bitsPerDim());
                estimator.describeTerms(r).forEach(out::println);
                out.printf("time         %.1f s%n", r.seconds());
            }
            out.flush();
        }
        return 0;
    }

    /** Prints a JSON object on one line. */
    private static void printLine(PrintWriter out, Map<String, Object> o) {
        out.println(Configs.json()
                .writer()
                .withoutFeatures(tools.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(o));
    }
}
