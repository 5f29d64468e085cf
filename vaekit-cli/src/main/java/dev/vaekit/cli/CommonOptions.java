package dev.vaekit.cli;

import picocli.CommandLine.Option;

/** Options every command takes. */
final class CommonOptions {
    @Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Intra-op threads of the tensor engine (default: all cores).")
    void threads(int n) {
        if (n < 1) {
            throw new picocli.CommandLine.ParameterException(
                    new picocli.CommandLine(this), "--threads must be >= 1, got " + n);
        }
        // read by DJL when the engine starts, which happens after option parsing
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(n));
    }
}
