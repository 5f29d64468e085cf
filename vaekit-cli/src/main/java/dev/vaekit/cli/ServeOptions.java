package dev.vaekit.cli;

import dev.vaekit.ui.Explorer;
import dev.vaekit.ui.ExplorerConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Option;

/** Where the web explorer listens ({@code vaekit serve}, {@code vaekit train --serve}). */
final class ServeOptions {
    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            description = "Address to listen on (default 127.0.0.1, this machine only); any other address makes the "
                    + "explorer require the access token it prints.")
    String host = ExplorerConfig.LOOPBACK;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = "TCP port of the explorer (default " + ExplorerConfig.DEFAULT_PORT + "; 0 for any free one).")
    int port = ExplorerConfig.DEFAULT_PORT;

    @Option(
            names = "--points",
            paramLabel = "N",
            description = "Test images on the latent map (default " + ExplorerConfig.DEFAULT_POINTS + ", at most "
                    + ExplorerConfig.MAX_POINTS + ").")
    int points = ExplorerConfig.DEFAULT_POINTS;

    ExplorerConfig config(Path runDir, Path dataDir) {
        return new ExplorerConfig(runDir, dataDir, host, port, points);
    }

    /** Prints the explorer's address, then serves until the process is interrupted (Ctrl-C). */
    static void serveUntilInterrupted(Explorer explorer, PrintWriter out) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            explorer.close();
            stopped.countDown();
        }));
        out.println("explorer: " + explorer.url() + " (Ctrl-C to stop)");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
