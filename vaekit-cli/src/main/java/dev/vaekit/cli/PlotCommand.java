package dev.vaekit.cli;

import dev.vaekit.InvalidInputException;
import dev.vaekit.train.Configs;
import dev.vaekit.train.EpochMetrics;
import dev.vaekit.train.LossCurves;
import dev.vaekit.train.MetricsLog;
import dev.vaekit.train.RunConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vaekit plot}: redraw a run's loss curves. */
@Command(
        name = "plot",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Redraw the loss curves (train −ELBO, reconstruction and KL; validation −ELBO; for a plain "
                + "autoencoder its reconstruction loss, train and validation) from the run's metrics.jsonl.")
final class PlotCommand extends RunCommand {

    @Option(
            names = {"-o", "--out"},
            paramLabel = "PNG",
            description = "Output (default RUN/loss.png).")
    Path out;

    @Override
    public Integer call() {
        if (!Files.isDirectory(run)) {
            throw new InvalidInputException(run + ": no such run folder");
        }
        Path metricsFile = run.resolve(MetricsLog.FILE);
        if (!Files.isRegularFile(metricsFile)) {
            throw new InvalidInputException(metricsFile + ": no such file; is " + run + " a vaekit run folder?");
        }
        List<EpochMetrics> metrics = MetricsLog.read(metricsFile);
        if (metrics.isEmpty()) {
            throw new InvalidInputException(metricsFile + ": no epochs to plot");
        }
        Path configFile = run.resolve("config.json");
        RunConfig config = Files.isRegularFile(configFile) ? Configs.read(configFile) : null;
        String dataset = config != null
                ? config.data().dataset()
                : String.valueOf(run.toAbsolutePath().getFileName());
        LossCurves.Kind kind = config == null ? LossCurves.Kind.VAE : LossCurves.Kind.of(config.model());
        Path target = out != null ? out : run.resolve("loss.png");
        LossCurves.write(metrics, "vaekit: " + dataset, kind, target);
        spec.commandLine().getOut().println("wrote " + target + " (" + metrics.size() + " epochs)");
        return 0;
    }
}
