package dev.vaekit.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Options every command takes. */
final class CommonOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Intra-op threads of the tensor engine (default: the cores other processes leave free, "
                    + "adjusted while training and estimating log p(x); a fixed count also makes seeded training bitwise "
                    + "reproducible).")
    void threads(int n) {
        if (n < 1) {
            throw new ParameterException(mixee.commandLine(), "--threads must be >= 1, got " + n);
        }
        // read by DJL when the engine starts, which happens after option parsing
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(n));
    }
}
