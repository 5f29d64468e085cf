package dev.vaekit.cli;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.DataSource;
import dev.vaekit.models.Autoencoder;
import dev.vaekit.models.Model;
import dev.vaekit.models.Prior;
import dev.vaekit.samplers.CodeSource;
import dev.vaekit.samplers.HeldOutScore;
import dev.vaekit.samplers.LatentSampler;
import dev.vaekit.samplers.SamplerConfig;
import dev.vaekit.samplers.SamplerKind;
import dev.vaekit.samplers.SamplerSource;
import dev.vaekit.train.Checkpoint;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vaekit fit-sampler}: a density fitted to the codes of the run's training data, drawn from by sample. */
@Command(
        name = "fit-sampler",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Fit a density to the codes of the run's training data and save it as RUN/samplers/NAME, for "
                + "'vaekit sample RUN --sampler NAME' to decode its draws instead of the prior's. A VAE's codes "
                + "rarely fill N(0, I) as the prior assumes, so prior draws decode worse than reconstructions do; "
                + "draws of a density of the codes mend much of it. --kind gmm: a Gaussian mixture with full "
                + "covariances (K by BIC unless --components); maf: a masked autoregressive flow; two-stage: the "
                + "second VAE of Dai & Wipf's two-stage VAE, with a learned decoder variance. A share of the codes "
                + "(--held-out) is left out of the fit and scored: the command prints their log-likelihood (nats "
                + "per code ± s.e.) beside N(0, I)'s, so that kinds can be compared.")
final class FitSamplerCommand extends RunCommand {

    @Option(names = "--kind", required = true, paramLabel = "KIND", description = "gmm, maf or two-stage.")
    String kind;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "The sampler's name, its folder under RUN/samplers (default: the kind).")
    String name;

    @Option(
            names = "--codes",
            paramLabel = "mean|sample",
            description = "Fit to each example's code, a VAE's posterior mean μ(x) (default), or to one draw "
                    + "z ~ q(z|x) per example (VAEs only; the draws of the aggregate posterior that Dai & Wipf's "
                    + "second stage fits).")
    String codes = "mean";

    @Option(
            names = "--components",
            paramLabel = "K",
            description = "gmm: K components (default: K chosen by BIC among 1, 2, 4, 8, 16, 32).")
    Integer components;

    @Option(names = "--flow-length", paramLabel = "K", description = "maf: MAF steps (default 5).")
    Integer flowLength;

    @Option(
            names = "--hidden",
            paramLabel = "W",
            split = ",",
            description = "maf: each MADE's hidden widths (default 128,128); two-stage: the second VAE's encoder and "
                    + "decoder widths (default 512,512).")
    List<Integer> hidden;

    @Option(
            names = "--latent-dim",
            paramLabel = "D",
            description = "two-stage: the second VAE's code size (default: the codes' own, as Dai & Wipf).")
    Integer latentDim;

    @Option(names = "--epochs", paramLabel = "E", description = "maf, two-stage: training epochs (default 50).")
    Integer epochs;

    @Option(
            names = "--batch-size",
            paramLabel = "M",
            description = "maf, two-stage: codes per batch (default 200 for maf, 100 for two-stage).")
    Integer batchSize;

    @Option(names = "--lr", paramLabel = "RATE", description = "maf, two-stage: Adam learning rate (default 0.001).")
    Double learningRate;

    @Option(
            names = "--k",
            paramLabel = "K",
            description = "two-stage: importance samples per held-out code of its log-likelihood (default 100).")
    Integer k;

    @Option(
            names = "--held-out",
            paramLabel = "FRACTION",
            description = "Share of the codes held out of the fit and scored, in (0, 0.5] (default ${DEFAULT-VALUE}).")
    double heldOut = 0.1;

    @Option(
            names = "--seed",
            paramLabel = "SEED",
            description = "Seed of the held-out split, the fit and --codes sample (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--n", paramLabel = "N", description = "Encode the first N training examples (default all).")
    int n;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Look for datasets here first.")
    Path dataDir;

    @Option(names = "--quiet", description = "Print no training progress.")
    boolean quiet;

    @Override
    public Integer call() {
        SamplerKind samplerKind = SamplerKind.parse(kind);
        SamplerConfig config = config(samplerKind);
        if (n < 0) {
            throw new InvalidInputException("--n must be >= 0, got " + n);
        }
        String samplerName = name != null ? name : samplerKind.id();
        Path folder = LatentSampler.folder(run, samplerName);
        if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException(
                    folder + " already exists: choose another --name, or remove the folder first");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (LoadedRun loaded = load()) {
            Autoencoder latent = loaded.model(); // a flow has no codes: refused here, before the data are read
            Model model = loaded.checkpoint.model();
            DataSource rows = loaded.data(null, "train", dataDir, n);
            List<dev.vaekit.train.TrainingListener> progress =
                    List.of(new ProgressListener(spec.commandLine().getErr(), quiet));
            try (LatentSampler sampler = LatentSampler.fit(model, rows, config, weightsOf(loaded), progress)) {
                sampler.save(folder);
                out.printf(
                        "fitted a %s sampler to %d %s of the training data of %s (%s): %s%n",
                        samplerKind.id(),
                        sampler.spec().fitCodes(),
                        config.codes() == CodeSource.SAMPLE ? "draws of q(z|x)" : latent.codeName(true),
                        run,
                        loaded.weightsDescription(),
                        sampler.description());
                out.printf(
                        "held-out log-likelihood of %d codes, nats per code:%n",
                        sampler.heldOut().codes());
                out.println(row(
                        samplerKind.id(), sampler.heldOut(), sampler.heldOut().estimator()));
                out.println(row("N(0, I)", sampler.standardNormal(), "exact; " + priorNote(latent, model)));
                out.println("wrote " + folder);
            }
        }
        out.flush();
        return 0;
    }

    private static String row(String label, HeldOutScore score, String note) {
        return String.format(
                Locale.ROOT, "  %-10s %10.3f ± %.3f  (%s)", label, score.logLikelihood(), score.stdErr(), note);
    }

    /** What N(0, I) is to the model. */
    private static String priorNote(Autoencoder latent, Model model) {
        Prior prior = latent.latentPrior().orElse(null);
        if (prior == null) {
            return "for comparison: a " + model.config().type() + " has no prior";
        }
        return prior.standardNormal() ? "the model's prior" : "for comparison: the model's prior is " + prior.id();
    }

    /** The sampler's config from the kind's defaults and the options given, refusing those of other kinds. */
    private SamplerConfig config(SamplerKind samplerKind) {
        boolean gmm = samplerKind == SamplerKind.GMM;
        refuseUnless(components != null, gmm, "--components", "gmm", samplerKind);
        refuseUnless(flowLength != null, samplerKind == SamplerKind.MAF, "--flow-length", "maf", samplerKind);
        refuseUnless(latentDim != null, samplerKind == SamplerKind.TWO_STAGE, "--latent-dim", "two-stage", samplerKind);
        refuseUnless(k != null, samplerKind == SamplerKind.TWO_STAGE, "--k", "two-stage", samplerKind);
        for (Object[] trained : new Object[][] {
            {hidden, "--hidden"}, {epochs, "--epochs"}, {batchSize, "--batch-size"}, {learningRate, "--lr"}
        }) {
            refuseUnless(trained[0] != null, !gmm, (String) trained[1], "maf and two-stage", samplerKind);
        }
        if (!codes.equals("mean") && !codes.equals("sample")) {
            throw new InvalidInputException("--codes must be mean or sample, got '" + codes + "'");
        }
        SamplerConfig.Builder b = SamplerConfig.builder(samplerKind)
                .codes(CodeSource.parse(codes))
                .heldOutFraction(heldOut)
                .seed(seed);
        if (components != null) {
            b.components(components);
        }
        if (flowLength != null) {
            b.flowLength(flowLength);
        }
        if (hidden != null) {
            b.hidden(hidden);
        }
        if (latentDim != null) {
            b.latentDim(latentDim);
        }
        if (epochs != null) {
            b.epochs(epochs);
        }
        if (batchSize != null) {
            b.batchSize(batchSize);
        }
        if (learningRate != null) {
            b.learningRate(learningRate);
        }
        if (k != null) {
            b.importanceSamples(k);
        }
        return b.build();
    }

    private static void refuseUnless(boolean given, boolean applies, String flag, String kinds, SamplerKind kind) {
        if (given && !applies) {
            throw new InvalidInputException(flag + " applies to --kind " + kinds + ", not " + kind.id());
        }
    }

    /** @return the loaded weights of a run: their file, its hash in the run's manifest, and which they are */
    static SamplerSource weightsOf(LoadedRun loaded) {
        Checkpoint.Loaded checkpoint = loaded.checkpoint;
        String file = checkpoint.bestWeights()
                ? Checkpoint.BEST_WEIGHTS
                : checkpoint.averagedWeights() ? Checkpoint.AVERAGED_WEIGHTS : "weights.safetensors";
        return new SamplerSource(file, checkpoint.manifest().files().get(file), loaded.weightsDescription());
    }

    /**
     * Draws codes from a run's sampler and decodes them with the run's model.
     *
     * @param loaded the run, with the weights the sampler was fitted to
     * @param name the sampler's name
     * @param n how many
     * @param temperature T scaling the sampler's noise
     * @param seed seed of the draws
     * @return the decoded examples, row-major, and the sampler in words
     */
    static Drawn drawFromSampler(LoadedRun loaded, String name, int n, double temperature, long seed) {
        loaded.model(); // a flow has no codes to draw: refused before the sampler is looked for
        Path folder = LatentSampler.folder(loaded.runDir, name);
        if (!Files.isDirectory(folder)) {
            List<String> names = LatentSampler.names(loaded.runDir);
            throw new InvalidInputException("no sampler '" + name + "' in " + loaded.runDir + " ("
                    + (names.isEmpty()
                            ? "it has none; fit one with 'vaekit fit-sampler " + loaded.runDir + " --kind gmm'"
                            : "it has " + String.join(", ", names))
                    + ")");
        }
        try (LatentSampler sampler = LatentSampler.load(folder)) {
            sampler.requireSource(weightsOf(loaded));
            return new Drawn(
                    sampler.decodedSamples(loaded.checkpoint.model(), n, temperature, seed), sampler.description());
        }
    }

    /**
     * Decoded draws of a sampler.
     *
     * @param rows n × inputDim examples, row-major
     * @param description the sampler in words
     */
    record Drawn(float[] rows, String description) {}
}
