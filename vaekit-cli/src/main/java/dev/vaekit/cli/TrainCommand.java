package dev.vaekit.cli;

import dev.vaekit.InvalidInputException;
import dev.vaekit.train.Checkpoint;
import dev.vaekit.train.Configs;
import dev.vaekit.train.RunConfig;
import dev.vaekit.train.TimeLimit;
import dev.vaekit.train.TrainerState;
import dev.vaekit.train.TrainingListener;
import dev.vaekit.train.TrainingSession;
import dev.vaekit.ui.Explorer;
import java.nio.file.Path;
import java.time.Duration;
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
 * {@code vaekit train}: each config flag sets exactly one field of {@link RunConfig} (see {@link #FIELDS}; the flags
 * come from the config records' documentation, {@link ConfigFlags}); a {@code --config} file supplies the rest, and
 * defaults fill what neither names.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Train a model; writes a run folder (config, weights, optimizer state, metrics, manifest). "
                + "Each config flag sets one field of the run's config.",
        modelTransformer = ConfigFlags.class)
final class TrainCommand implements Callable<Integer> {

    /** Flag → config field it sets, one to one ({@link ConfigFlags}). */
    static final Map<String, String> FIELDS = ConfigFlags.fields();

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
            description =
                    "Continue the checkpoint in --out (only --epochs, --lr, --schedule, --lr-decay and --ema-decay "
                            + "may change).")
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
            names = "--time-limit",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Stop once another epoch would end past this wall time since training started, e.g. 90s, "
                    + "45m, 2h or 1h30m; the run folder is then a checkpoint that --resume continues (default: none).")
    Duration timeLimit;

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
            List<TrainingListener> listeners =
                    timeLimit == null ? List.of(progress) : List.of(progress, new TimeLimit(timeLimit));
            result = TrainingSession.run(config, runDir, dataDir, resume, warmStart, listeners);
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
