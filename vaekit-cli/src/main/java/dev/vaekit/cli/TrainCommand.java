package dev.vaekit.cli;

import dev.vaekit.InvalidInputException;
import dev.vaekit.train.Checkpoint;
import dev.vaekit.train.Configs;
import dev.vaekit.train.RunConfig;
import dev.vaekit.train.TrainerState;
import dev.vaekit.train.TrainingSession;
import dev.vaekit.ui.Explorer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code vaekit train}: each config flag sets exactly one field of {@link RunConfig} (see {@link #FIELDS}); a
 * {@code --config} file supplies the rest, and defaults fill what neither names.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Train a model; writes a run folder (config, weights, optimizer state, metrics, manifest).")
final class TrainCommand implements Callable<Integer> {

    /** Flag → config field it sets, one to one. */
    static final Map<String, String> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("--dataset", "data.dataset");
        FIELDS.put("--binarize", "data.binarization");
        FIELDS.put("--validation", "data.validationFraction");
        FIELDS.put("--binarize-seed", "data.binarizationSeed");
        FIELDS.put("--label-column", "data.labelColumn");
        FIELDS.put("--column", "data.columns");
        FIELDS.put("--model", "model.type");
        FIELDS.put("--latent-dim", "model.latentDim");
        FIELDS.put("--hidden", "model.hidden");
        FIELDS.put("--activation", "model.activation");
        FIELDS.put("--likelihood", "model.likelihood");
        FIELDS.put("--variance", "model.variance");
        FIELDS.put("--sigma", "model.sigma");
        FIELDS.put("--mixture-components", "model.mixtureComponents");
        FIELDS.put("--residual-blocks", "model.residualBlocks");
        FIELDS.put("--prior", "model.prior");
        FIELDS.put("--pseudo-inputs", "model.pseudoInputs");
        FIELDS.put("--condition-classes", "model.conditionClasses");
        FIELDS.put("--pixel-layers", "model.pixelLayers");
        FIELDS.put("--pixel-channels", "model.pixelChannels");
        FIELDS.put("--posterior-flow", "model.posteriorFlow");
        FIELDS.put("--flow-length", "model.flowLength");
        FIELDS.put("--prior-flow-length", "model.priorFlowLength");
        FIELDS.put("--flow-hidden", "model.flowHidden");
        FIELDS.put("--flow-levels", "model.flowLevels");
        FIELDS.put("--flow-norm", "model.flowNorm");
        FIELDS.put("--flow-transform", "model.flowTransform");
        FIELDS.put("--flow-scale", "model.flowScale");
        FIELDS.put("--flow-base-dof", "model.flowBaseDof");
        FIELDS.put("--dequantize", "model.dequantize");
        FIELDS.put("--estimator", "objective.estimator");
        FIELDS.put("--samples", "objective.samples");
        FIELDS.put("--beta", "objective.beta");
        FIELDS.put("--warmup-epochs", "objective.warmupEpochs");
        FIELDS.put("--free-bits", "objective.freeBits");
        FIELDS.put("--epochs", "training.epochs");
        FIELDS.put("--batch-size", "training.batchSize");
        FIELDS.put("--lr", "training.learningRate");
        FIELDS.put("--adam-beta1", "training.adamBeta1");
        FIELDS.put("--adam-beta2", "training.adamBeta2");
        FIELDS.put("--schedule", "training.schedule");
        FIELDS.put("--lr-decay", "training.lrDecay");
        FIELDS.put("--clip-norm", "training.clipNorm");
        FIELDS.put("--patience", "training.patience");
        FIELDS.put("--ema-decay", "training.emaDecay");
        FIELDS.put("--seed", "training.seed");
    }

    @Mixin
    CommonOptions common;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "JSON or YAML config; flags override it.")
    Path configFile;

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder (default: runs/<dataset>-<time>).")
    Path out;

    @Option(
            names = "--resume",
            description = "Continue the checkpoint in --out (only --epochs and --ema-decay may change).")
    boolean resume;

    @Option(
            names = "--init-from",
            paramLabel = "RUN",
            description = "Start from another run's weights (same model section, or more residual blocks, which "
                    + "start as the identity, or another --flow-base-dof; the optimiser and the epochs start afresh), "
                    + "e.g. to fine-tune, to continue under a new learning-rate schedule or to grow a model deeper.")
    Path initFrom;

    @Option(
            names = "--init-weights",
            converter = RunCommand.WeightsConverter.class,
            paramLabel = "last|averaged|best",
            description = "Which weights of the --init-from run: last (default): its last epoch's; averaged: its "
                    + "moving average (training.emaDecay); best: what its commands use by default.")
    Checkpoint.Weights initWeights;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Look for datasets here first.")
    Path dataDir;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Option(
            names = "--dataset",
            paramLabel = "SPEC",
            description =
                    "mnist, fashion-mnist, mnist-mini, the 2-D toys moons, rings, checkerboard, 8gaussians, or csv:PATH (default "
                            + "mnist-mini).")
    String dataset;

    @Option(names = "--binarize", paramLabel = "MODE", description = "none, static or dynamic (default dynamic).")
    String binarize;

    @Option(
            names = "--validation",
            paramLabel = "FRACTION",
            description = "Share of training rows held out (default 0.1).")
    Double validation;

    @Option(names = "--binarize-seed", paramLabel = "SEED", description = "Seed of one-off binarisations (default 0).")
    Long binarizeSeed;

    @Option(
            names = "--label-column",
            paramLabel = "NAME",
            description = "CSV column holding labels, not a feature (default label, if present).")
    String labelColumn;

    @Option(
            names = "--column",
            paramLabel = "NAME=TYPE",
            description = "Type of a CSV column for the mixed likelihood: numeric, binary, categorical or ignore "
                    + "(repeatable; default: inferred).")
    Map<String, String> column;

    @Option(
            names = "--model",
            paramLabel = "TYPE",
            description = "NETWORK-vae or NETWORK-ae, NETWORK one of dense, conv, resnet (pixel: vae only, a "
                    + "PixelCNN decoder); -ae is a plain autoencoder with the same networks, trained on "
                    + "−log p(x|z=enc(x)) alone (default dense-vae).")
    String model;

    @Option(names = "--latent-dim", paramLabel = "D", description = "Dimension of z (default 20).")
    Integer latentDim;

    @Option(
            names = "--hidden",
            paramLabel = "W",
            split = ",",
            description = "Hidden widths, e.g. 400 or 200,200; for conv, resnet and pixel the channels of each "
                    + "stage, each halving the image, e.g. 32,64 (default 400).")
    List<Integer> hidden;

    @Option(names = "--activation", paramLabel = "F", description = "relu, tanh, softplus, elu, gelu (default relu).")
    String activation;

    @Option(
            names = "--likelihood",
            paramLabel = "P",
            description = "bernoulli, gaussian, mixed (per CSV column), or for 8-bit grey values with --binarize "
                    + "none discretized-logistic or categorical-256 (a 256-way softmax per pixel); default "
                    + "bernoulli.")
    String likelihood;

    @Option(
            names = "--variance",
            paramLabel = "V",
            description = "Gaussian σ: fixed, shared or per-dimension (default fixed).")
    String variance;

    @Option(names = "--sigma", paramLabel = "S", description = "Gaussian σ, fixed or initial (default 0.1).")
    Double sigma;

    @Option(
            names = "--mixture-components",
            paramLabel = "K",
            description = "Logistics per pixel of the discretized-logistic likelihood (Salimans et al. 2017; "
                    + "default 1).")
    Integer mixtureComponents;

    @Option(
            names = "--residual-blocks",
            paramLabel = "N",
            description = "Residual blocks per stage of resnet and pixel networks (default 2).")
    Integer residualBlocks;

    @Option(
            names = "--prior",
            paramLabel = "P",
            description = "standard (N(0, I)), vamp (VampPrior, Tomczak & Welling 2018) or flow (a MAF on z, "
                    + "Papamakarios et al. 2017); vamp and flow need --estimator a or iwae (default standard).")
    String prior;

    @Option(names = "--pseudo-inputs", paramLabel = "K", description = "VampPrior pseudo-inputs (default 500).")
    Integer pseudoInputs;

    @Option(
            names = "--condition-classes",
            paramLabel = "C",
            description = "Conditional VAE on the data's labels 0..C-1 (Sohn et al. 2015); 0 is unconditional "
                    + "(default 0).")
    Integer conditionClasses;

    @Option(
            names = "--pixel-layers",
            paramLabel = "N",
            description = "Masked convolution layers of the pixel-vae's PixelCNN decoder (default 4).")
    Integer pixelLayers;

    @Option(
            names = "--pixel-channels",
            paramLabel = "C",
            description = "Feature channels of the PixelCNN layers (default 32).")
    Integer pixelChannels;

    @Option(
            names = "--posterior-flow",
            paramLabel = "F",
            description = "Flow refining q(z|x): none, planar (parameters shared by all x), amortized-planar (u, w, b "
                    + "from the encoder per x), radial (Rezende & Mohamed 2015) or iaf (Kingma et al. 2016); needs "
                    + "--estimator a or iwae (default none).")
    String posteriorFlow;

    @Option(
            names = "--flow-length",
            paramLabel = "K",
            description = "Steps of the posterior flow, or of a stand-alone flow (couplings of nice, steps of maf, "
                    + "steps per level of glow; default 4).")
    Integer flowLength;

    @Option(names = "--prior-flow-length", paramLabel = "K", description = "MAF steps of the flow prior (default 4).")
    Integer priorFlowLength;

    @Option(
            names = "--flow-hidden",
            paramLabel = "H",
            description = "Hidden width of the MADE networks of IAF and flow-prior steps (default 256).")
    Integer flowHidden;

    @Option(
            names = "--flow-levels",
            paramLabel = "L",
            description = "Scales of a realnvp or glow flow on images (default 2).")
    Integer flowLevels;

    @Option(
            names = "--flow-norm",
            paramLabel = "N",
            description = "Normalization in front of each coupling of a realnvp: actnorm (Kingma & Dhariwal 2018), "
                    + "batchnorm (as in Dinh et al. 2017; batch statistics while training, running averages "
                    + "otherwise) or none (default actnorm).")
    String flowNorm;

    @Option(
            names = "--flow-transform",
            paramLabel = "T",
            description =
                    "Map applied to a dequantizing flow's 8-bit data before the flow, its Jacobian charged to the "
                            + "likelihood: logit (RealNVP's, α = 0.05), shift (Glow's y - 1/2), none, or default: the "
                            + "type's usual one (logit for realnvp and maf, shift for glow, none for nice).")
    String flowTransform;

    @Option(
            names = "--flow-scale",
            paramLabel = "S",
            description =
                    "How the affine couplings of an image realnvp or glow bound their log-scale: tanh (RealNVP's, "
                            + "may stretch), sigmoid (Glow's, only shrinks), additive (no scale), or default: the type's own.")
    String flowScale;

    @Option(
            names = "--flow-base-dof",
            paramLabel = "NU",
            description =
                    "Give a stand-alone flow a multivariate Student's t base with NU degrees of freedom "
                            + "(fat-tailed: a code far out costs about (NU + D)/2 log |z|^2 instead of |z|^2/2); default 0: "
                            + "the type's own base (normal; NICE: logistic). With --init-from, the source may have another base.")
    Double flowBaseDof;

    @Option(
            names = "--dequantize",
            paramLabel = "BOOL",
            arity = "0..1",
            fallbackValue = "true",
            description = "A stand-alone flow models the data as 8-bit values (uniform dequantization, bits/dim); "
                    + "needs --binarize none (default false).")
    Boolean dequantize;

    @Option(
            names = "--estimator",
            paramLabel = "E",
            description = "a (Monte-Carlo KL), b (analytic KL) or iwae (default b).")
    String estimator;

    @Option(names = "--samples", paramLabel = "L", description = "Samples of z per datapoint (default 1).")
    Integer samples;

    @Option(names = "--beta", paramLabel = "B", description = "KL weight (default 1).")
    Double beta;

    @Option(
            names = "--warmup-epochs",
            paramLabel = "E",
            description = "Linear KL warm-up length in epochs (default 0: off).")
    Double warmupEpochs;

    @Option(
            names = "--free-bits",
            paramLabel = "NATS",
            description = "Free bits λ: each latent dimension's KL, averaged over the minibatch, is charged at least "
                    + "λ nats (Kingma et al. 2016); estimator b only (default 0: off).")
    Double freeBits;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default 10).")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "M", description = "Minibatch size (default 128).")
    Integer batchSize;

    @Option(names = "--lr", paramLabel = "RATE", description = "Adam learning rate (default 0.001).")
    Double lr;

    @Option(names = "--adam-beta1", paramLabel = "B1", description = "Adam β₁ (default 0.9).")
    Double adamBeta1;

    @Option(names = "--adam-beta2", paramLabel = "B2", description = "Adam β₂ (default 0.999).")
    Double adamBeta2;

    @Option(names = "--schedule", paramLabel = "S", description = "constant, cosine or exponential (default constant).")
    String schedule;

    @Option(
            names = "--lr-decay",
            paramLabel = "F",
            description = "Per-epoch factor of the exponential schedule (default 0.95).")
    Double lrDecay;

    @Option(names = "--clip-norm", paramLabel = "N", description = "Clip the global gradient norm (default 0: off).")
    Double clipNorm;

    @Option(
            names = "--patience",
            paramLabel = "N",
            description = "Early-stop after N epochs without a better validation loss (default 0: off).")
    Integer patience;

    @Option(
            names = "--seed",
            paramLabel = "SEED",
            description = "Seed of initialisation, data order and sampling (default 1).")
    Long seed;

    @Option(
            names = "--ema-decay",
            paramLabel = "D",
            description = "Keep an exponential moving average of the weights with decay D in [0, 1) (Polyak "
                    + "averaging; 0.9995 averages over about the last 2000 steps) and use it in the commands; "
                    + "default 0: off. May be given with --resume to start or stop averaging.")
    Double emaDecay;

    /** @return dotted config path → value for every config flag given */
    Map<String, Object> overrides() {
        Map<String, Object> overrides = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : FIELDS.entrySet()) {
            OptionSpec option = spec.findOption(e.getKey());
            if (option != null && option.getValue() != null) {
                overrides.put(e.getValue(), option.getValue());
            }
        }
        return overrides;
    }

    @Option(
            names = "--serve",
            description = "Open the web explorer on the run while it trains (curves live, the latent views from each "
                    + "new checkpoint), and keep it open afterwards until Ctrl-C.")
    boolean serveWhileTraining;

    @Mixin
    ServeOptions serve;

    @Override
    public Integer call() {
        Map<String, Object> overrides = overrides();
        if (initWeights != null && initFrom == null) {
            throw new InvalidInputException(
                    "--init-weights chooses the weights of an --init-from run; give --init-from");
        }
        RunConfig config;
        if (resume) {
            if (out == null) {
                throw new InvalidInputException("--resume needs --out, the run folder to continue");
            }
            List<String> fixed = FIELDS.entrySet().stream()
                    .filter(e ->
                            overrides.containsKey(e.getValue()) && !Configs.RESUMABLE_FIELDS.contains(e.getValue()))
                    .map(Map.Entry::getKey)
                    .toList();
            if (configFile != null || !fixed.isEmpty()) {
                throw new InvalidInputException("with --resume only --epochs, --lr, --schedule, --lr-decay and "
                        + "--ema-decay may be given; the run's config.json holds the rest (got "
                        + (configFile != null ? "--config" : String.join(", ", fixed)) + ")");
            }
            config = Configs.resumed(out.resolve("config.json"), overrides);
        } else {
            config = Configs.build(configFile, overrides);
        }
        Path runDir = out != null
                ? out
                : Path.of(
                        "runs",
                        config.data().dataset().replaceAll("[^A-Za-z0-9._-]", "_") + "-"
                                + java.time.LocalDateTime.now()
                                        .format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        var progress = new ProgressListener(spec.commandLine().getErr(), quiet);
        Explorer explorer = serveWhileTraining ? startExplorer(runDir) : null;
        TrainingSession.Result result;
        try {
            TrainingSession.WarmStart warmStart = initFrom == null
                    ? null
                    : new TrainingSession.WarmStart(
                            initFrom, initWeights == null ? Checkpoint.Weights.LAST : initWeights);
            result = TrainingSession.run(config, runDir, dataDir, resume, warmStart, List.of(progress));
        } catch (RuntimeException e) {
            if (explorer != null) {
                explorer.close();
            }
            throw e;
        }
        var err = spec.commandLine().getErr();
        if (result.stopReason() != null) {
            err.println(result.stopReason());
        }
        TrainerState end = result.state();
        if (!Double.isNaN(end.bestValidationLoss()) && end.epochsWithoutImprovement() > 0) {
            spec.commandLine()
                    .getOut()
                    .printf(
                            "best validation loss %.4f at epoch %d of %d; the commands load those weights (--weights "
                                    + "last for the last epoch's)%n",
                            end.bestValidationLoss(),
                            end.epochsDone() - end.epochsWithoutImprovement(),
                            end.epochsDone());
        }
        spec.commandLine().getOut().println("run folder: " + runDir);
        if (explorer != null) {
            spec.commandLine().getOut().println("training finished; the explorer stays open");
            ServeOptions.serveUntilInterrupted(explorer, spec.commandLine().getOut());
        }
        return 0;
    }

    private Explorer startExplorer(Path runDir) {
        var explorerConfig = serve.config(runDir, dataDir); // validated before anything is created
        if (!resume && Checkpoint.exists(runDir)) {
            throw new InvalidInputException(
                    runDir + " already holds a checkpoint; pass --resume to continue it or choose another --out");
        }
        try {
            java.nio.file.Files.createDirectories(runDir);
        } catch (java.io.IOException e) {
            throw new InvalidInputException("cannot create " + runDir + ": " + e.getMessage());
        }
        Explorer explorer = Explorer.start(explorerConfig);
        spec.commandLine().getOut().println("explorer: " + explorer.url());
        spec.commandLine().getOut().flush();
        return explorer;
    }
}
