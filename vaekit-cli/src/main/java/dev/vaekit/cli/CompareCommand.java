package dev.vaekit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vaekit compare}: side-by-side comparisons of two runs; each kind of comparison is a subcommand. */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = "Compare trained runs with each other or with classical baselines.",
        subcommands = {AeVsVaeCommand.class, DensityComparisonCommand.class, CompressionComparisonCommand.class})
final class CompareCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "missing what to compare: expected one of " + spec.subcommands().keySet());
    }
}
