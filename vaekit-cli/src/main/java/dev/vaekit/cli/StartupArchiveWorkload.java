package dev.vaekit.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What the launcher runs once per build to record a class-data-sharing archive: a JVM started with
 * {@code -XX:ArchiveClassesAtExit=FILE} runs this class, and the classes it loaded (picocli's command model, Jackson,
 * DJL, the model and sampling code) are written to FILE, which later starts map instead of parsing and verifying
 * them again. The workload is a small version of what users do first: the help, a one-epoch training run of a tiny
 * dense VAE on the embedded mnist-mini, {@code sample}, {@code reconstruct} and a small {@code eval}, in a temporary
 * folder that is deleted afterwards. Output goes nowhere; the exit code is that of the first command that failed, so
 * that the launcher can tell a broken workload from a good archive.
 */
public final class StartupArchiveWorkload {
    private StartupArchiveWorkload() {}

    /**
     * Runs the workload.
     *
     * @param args none
     * @throws IOException if the temporary folder cannot be made or deleted
     */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("vaekit-cds-");
        int code;
        try {
            code = run(dir);
        } finally {
            deleteTree(dir);
        }
        System.exit(code);
    }

    /** Runs the commands in {@code dir}; returns 0 or the first non-zero exit code. */
    static int run(Path dir) {
        String out = dir.resolve("run").toString();
        String[][] commands = {
            {"--help"},
            {"train", "--help"},
            words("train --dataset mnist-mini --epochs 1 --hidden 16 --latent-dim 2 --quiet --threads 1 --out", out),
            words("sample", out, "-o", dir.resolve("samples.png").toString(), "--threads", "1"),
            words("reconstruct", out, "-o", dir.resolve("reconstructions.png").toString(), "--threads", "1"),
            words("eval", out, "--k", "10", "--eval-size", "20", "--threads", "1")
        };
        PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream(), true);
        for (String[] command : commands) {
            int code = Main.run(command, sink, sink);
            if (code != 0) {
                return code;
            }
        }
        return 0;
    }

    /** @return {@code command} split at spaces, then {@code rest} as they are (a path may hold a space) */
    private static String[] words(String command, String... rest) {
        return Stream.concat(Stream.of(command.split(" ")), Stream.of(rest)).toArray(String[]::new);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
