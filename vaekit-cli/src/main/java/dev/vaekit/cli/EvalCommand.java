package dev.vaekit.cli;

import dev.vaekit.data.Dataset;
import dev.vaekit.eval.ExactLogLikelihood;
import dev.vaekit.eval.ImportanceSampledLogLikelihood;
import dev.vaekit.eval.LikelihoodReport;
import dev.vaekit.models.FlowModel;
import dev.vaekit.models.Vae;
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

    @Option(names = "--eval-size", paramLabel = "N", description = "Use the first N test examples (default all).")
    int evalSize;

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
            throw new dev.vaekit.InvalidInputException("--k must be >= 1, got " + k);
        }
        if (evalSize < 0) {
            throw new dev.vaekit.InvalidInputException("--eval-size must be >= 0, got " + evalSize);
        }
        try (LoadedRun loaded = load()) {
            if (loaded.checkpoint.model() instanceof FlowModel flow) {
                printFlow(loaded, flow);
                return 0;
            }
            Vae vae = loaded.vae("eval");
            Dataset test = loaded.testData(dataDir, evalSize);
            LikelihoodReport r =
                    new ImportanceSampledLogLikelihood(k == null ? DEFAULT_K : k, seed).evaluate(vae, test);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("run", run.toString());
                o.put("dataset", loaded.checkpoint.config().data().dataset());
                o.put("weightsEpoch", loaded.checkpoint.weightsEpoch());
                o.put("epochsDone", loaded.checkpoint.state().epochsDone());
                o.put("testSize", r.n());
                o.put("k", r.k());
                o.put("nll", r.nll());
                o.put("nllStdErr", r.nllStdErr());
                o.put("bitsPerDim", r.bitsPerDim());
                o.put("elbo", r.elbo());
                o.put("reconstruction", r.reconstruction());
                o.put("kl", r.kl());
                o.put("activeUnits", r.activeUnits());
                o.put("latentDim", loaded.model().config().latentDim());
                o.put("seed", r.seed());
                o.put("testBinarizationSeed", loaded.binarizationSeed());
                o.put(
                        "binarization",
                        loaded.checkpoint.config().data().binarization().id());
                o.put("seconds", r.seconds());
                printLine(out, o);
            } else {
                out.printf(
                        "run          %s (%s, %s)%n",
                        run, loaded.checkpoint.config().data().dataset(), loaded.weightsDescription());
                out.printf(
                        "test set     %d examples%s%n",
                        r.n(),
                        loaded.checkpoint.config().data().binarization() == dev.vaekit.data.Binarization.NONE
                                ? ""
                                : ", binarised once with seed " + loaded.binarizationSeed());
                out.printf("estimator    importance sampling, k = %d, q(z|x) as proposal, seed %d%n", r.k(), r.seed());
                out.printf("NLL          %.3f ± %.3f nats (standard error)%n", r.nll(), r.nllStdErr());
                out.printf("bits/dim     %.4f%n", r.bitsPerDim());
                out.printf(
                        "ELBO         %.3f nats (reconstruction %.3f, KL %.3f)%n",
                        r.elbo(), r.reconstruction(), r.kl());
                out.printf(
                        "active units %d of %d (threshold 0.01)%n",
                        r.activeUnits(), loaded.model().config().latentDim());
                out.printf("time         %.1f s%n", r.seconds());
            }
            out.flush();
        }
        return 0;
    }

    /** A flow's exact test log-likelihood: no estimator, no ELBO, no latent units of its own size. */
    private void printFlow(LoadedRun loaded, FlowModel flow) {
        if (k != null && k > 1 && !flow.discrete()) {
            throw new dev.vaekit.InvalidInputException(
                    "--k " + k + ": a " + flow.config().type()
                            + " on continuous data has an exact density, with nothing to sample; --k counts dequantization "
                            + "draws of a flow on 8-bit data (model.dequantize)");
        }
        Dataset test = loaded.testData(dataDir, evalSize);
        int draws = k == null ? 1 : k;
        ExactLogLikelihood.Report r = ExactLogLikelihood.evaluate(flow, test, seed, 200, draws);
        String estimator = !flow.discrete()
                ? "exact flow density"
                : draws == 1
                        ? "exact flow density, one uniform dequantization draw per example (a bound on log P), seed "
                                + seed
                        : "exact flow density, log-mean-exp over k = " + draws + " uniform dequantization draws per "
                                + "example (a bound on log P, tighter than one draw's), seed " + seed;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("run", run.toString());
            o.put("dataset", loaded.checkpoint.config().data().dataset());
            o.put("weightsEpoch", loaded.checkpoint.weightsEpoch());
            o.put("epochsDone", loaded.checkpoint.state().epochsDone());
            o.put("testSize", r.n());
            o.put("estimator", estimator);
            o.put("k", r.draws());
            o.put("nll", r.nll());
            o.put("nllStdErr", r.nllStdErr());
            o.put("bitsPerDim", r.bitsPerDim());
            o.put("seed", r.seed());
            o.put("seconds", r.seconds());
            printLine(out, o);
        } else {
            out.printf(
                    "run          %s (%s, %s, %s)%n",
                    run,
                    loaded.checkpoint.config().data().dataset(),
                    flow.config().type(),
                    loaded.weightsDescription());
            out.printf("test set     %d examples%n", r.n());
            out.printf("estimator    %s%n", estimator);
            out.printf("NLL          %.3f ± %.3f nats (standard error)%n", r.nll(), r.nllStdErr());
            out.printf("bits/dim     %.4f%n", r.bitsPerDim());
            out.printf("time         %.1f s%n", r.seconds());
        }
        out.flush();
    }

    /** Prints a JSON object on one line. */
    private static void printLine(PrintWriter out, Map<String, Object> o) {
        out.println(Configs.json()
                .writer()
                .withoutFeatures(tools.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(o));
    }
}
