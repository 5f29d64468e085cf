package dev.vaekit.cli;

import dev.vaekit.train.Checkpoint;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vaekit pack}: a run's chosen weights as a model folder, without the optimiser's state. */
@Command(
        name = "pack",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Write a run's chosen weights (--weights) as a model folder: config, weights, trainer state and "
                + "manifest, without the optimiser's state or the other weights. Every command reads it; it cannot "
                + "be resumed, but a new run may start from it (--init-from). This is how pretrained models ship.")
final class PackCommand extends RunCommand {

    @Option(
            names = {"-o", "--out"},
            paramLabel = "DIR",
            required = true,
            description = "The model folder to write; must not hold a checkpoint yet.")
    Path out;

    @Override
    public Integer call() {
        try (LoadedRun loaded = load()) {
            Checkpoint.exportWeights(
                    out, loaded.checkpoint.config(), loaded.checkpoint.model(), loaded.checkpoint.state());
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.println("wrote " + out + " (" + loaded.weightsDescription() + ")");
            stdout.flush();
        }
        return 0;
    }
}
