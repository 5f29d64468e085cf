package dev.vaekit.cli;

import dev.vaekit.InvalidInputException;
import dev.vaekit.train.Configs;
import dev.vaekit.train.RunConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vaekit quickstart}: the whole story on the embedded {@code mnist-mini} data in about a minute — train a dense
 * VAE, then write samples, reconstructions, the loss curve and the importance-sampled test NLL.
 */
@Command(
        name = "quickstart",
        mixinStandardHelpOptions = true,
        description = "Train a small VAE on the embedded mnist-mini data and write samples, reconstructions, a loss "
                + "curve and the test NLL under runs/quickstart/.")
final class QuickstartCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Run folder (default ${DEFAULT-VALUE}); replaced if it holds an earlier quickstart.")
    Path out = Path.of("runs", "quickstart");

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default ${DEFAULT-VALUE}).")
    int epochs = 40;

    @Option(names = "--k", paramLabel = "K", description = "Importance samples for the NLL (default ${DEFAULT-VALUE}).")
    int k = 1000;

    /** File that marks a folder as quickstart output, so a later quickstart may replace it. */
    static final String MARKER = ".vaekit-quickstart";

    @Override
    public Integer call() throws IOException {
        clearEarlierRun(out);
        Files.createDirectories(out);
        Files.writeString(
                out.resolve(MARKER), "written by vaekit quickstart; the next quickstart replaces this folder\n");
        PrintWriter stdout = spec.commandLine().getOut();
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("data.dataset", "mnist-mini");
        overrides.put("training.epochs", epochs);
        RunConfig config = Configs.build(null, overrides);
        stdout.printf(
                "training a %s VAE (784-%s-%d) on mnist-mini for %d epochs...%n",
                config.model().activation().id(),
                config.model().hidden(),
                config.model().latentDim(),
                epochs);
        stdout.flush();
        String[] common = this.common.debug ? new String[] {"--debug"} : new String[0];
        int code = run(concat(
                new String[] {
                    "train", "--dataset", "mnist-mini", "--epochs", Integer.toString(epochs), "--out", out.toString()
                },
                common));
        if (code != 0) {
            return code;
        }
        for (String[] args : new String[][] {
            {"sample", out.toString(), "--out", out.resolve("samples.png").toString()},
            {
                "reconstruct",
                out.toString(),
                "--out",
                out.resolve("reconstructions.png").toString()
            },
        }) {
            code = run(concat(args, common));
            if (code != 0) {
                return code;
            }
        }
        stdout.printf("estimating the test NLL by importance sampling (k = %d, 1000 test images)...%n", k);
        stdout.flush();
        code = run(concat(new String[] {"eval", out.toString(), "--k", Integer.toString(k)}, common));
        if (code == 0) {
            stdout.println();
            stdout.println("pictures and numbers are in " + out + "/: samples.png, reconstructions.png, loss.png,");
            stdout.println("metrics.jsonl (one line per epoch); the checkpoint is config.json + weights.safetensors.");
        }
        return code;
    }

    private int run(String[] args) {
        return spec.root().commandLine().execute(args);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** Removes an earlier quickstart run (marked by {@value #MARKER}), never any other folder. */
    private static void clearEarlierRun(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        boolean empty;
        try (Stream<Path> s = Files.list(dir)) {
            empty = s.findAny().isEmpty();
        }
        if (!empty && !Files.exists(dir.resolve(MARKER))) {
            throw new InvalidInputException(dir + " exists and is not an earlier quickstart; choose another --out");
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
