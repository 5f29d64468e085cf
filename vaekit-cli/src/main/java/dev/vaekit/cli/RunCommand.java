package dev.vaekit.cli;

import dev.vaekit.InvalidInputException;
import dev.vaekit.train.Checkpoint;
import dev.vaekit.util.Choices;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A command that works on a trained run folder, its first positional argument. */
abstract class RunCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "Run folder.")
    Path run;

    @Option(
            names = "--weights",
            defaultValue = "best",
            converter = WeightsConverter.class,
            paramLabel = "best|last|averaged",
            description = "Which weights of the run: best (default): those of the epoch with the lowest validation "
                    + "loss, or when the run had no validation data its averaged weights if it kept them "
                    + "(training.emaDecay), else the last epoch's; last: the last epoch's; averaged: the moving "
                    + "average of the weights.")
    Checkpoint.Weights weights;

    /** @return the run folder's model with the chosen weights, and its data */
    LoadedRun load() {
        return new LoadedRun(run, weights);
    }

    /** Parses {@code best}, {@code last} or {@code averaged}. */
    static final class WeightsConverter implements CommandLine.ITypeConverter<Checkpoint.Weights> {
        @Override
        public Checkpoint.Weights convert(String value) {
            try {
                return Choices.parse(Checkpoint.Weights.class, value, "--weights");
            } catch (InvalidInputException e) {
                throw new CommandLine.TypeConversionException(e.getMessage()); // picocli prints the message alone
            }
        }
    }
}
