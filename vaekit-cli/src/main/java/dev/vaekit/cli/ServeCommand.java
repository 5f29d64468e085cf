package dev.vaekit.cli;

import dev.vaekit.ui.Explorer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vaekit serve RUN}: the web explorer of a run folder — training curves (live while the run trains), the latent
 * map, decoding at the cursor, interpolation, prior samples and the most unusual test images.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Open a run in the web explorer (a local page): curves, latent map, decoder, interpolation, "
                + "samples, anomalies.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "Run folder written by vaekit train.")
    Path runDir;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Look for datasets here first.")
    Path dataDir;

    @Mixin
    ServeOptions serve;

    @Override
    public Integer call() {
        Explorer explorer = Explorer.start(serve.config(runDir, dataDir));
        ServeOptions.serveUntilInterrupted(explorer, spec.commandLine().getOut());
        return 0;
    }
}
