package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.vaekit.engine.Engines;
import dev.vaekit.train.Checkpoint;
import dev.vaekit.train.EpochMetrics;
import dev.vaekit.train.MetricsLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills {@code vaekit train} with SIGKILL at 20 random moments — during start-up, in the middle of an epoch, while a
 * checkpoint is being committed — and resumes it each time. After every kill the run folder must hold a checkpoint
 * that verifies and loads (or none, if no epoch had finished), never older than the one before; at the end the
 * resumed run must have the weights and optimiser moments of an uninterrupted run with the same seed, and one metrics
 * line per epoch.
 */
class CrashSafetyTest {
    private static final int KILLS = 20;
    private static final int EPOCHS = 40;

    /**
     * How long any one wait may take before the test gives up: not a performance bound but a guard against a hang,
     * sized for a machine busy with other work (a whole run takes some 20 s on an idle 2-core machine; a resumed run
     * once needed more than 120 s on a loaded one, and the test failed on that alone).
     */
    private static final long PATIENCE_SECONDS = 1800;

    @TempDir
    Path dir;

    private Process start(Path runDir, boolean resume) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                // one intra-op thread: the runs must only agree with each other, and two threads beside other
                // processes make libtorch's workers wait on busy cores for many times the run's own time
                "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "train",
                "--quiet",
                "--out",
                runDir.toString(),
                "--epochs",
                Integer.toString(EPOCHS)));
        if (resume) {
            command.add("--resume");
        } else {
            command.addAll(List.of(
                    "--dataset",
                    "mnist-mini",
                    "--hidden",
                    "32",
                    "--latent-dim",
                    "2",
                    "--patience",
                    "0",
                    "--seed",
                    "3"));
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve(runDir.getFileName() + ".log").toFile()));
        builder.environment().put("DJL_OFFLINE", "true");
        return builder.start();
    }

    private static int metricLines(Path runDir) throws IOException {
        Path file = runDir.resolve(MetricsLog.FILE);
        return Files.exists(file) ? (int) Files.readAllLines(file).size() : 0;
    }

    /** Waits until the run logs one more epoch than it had at launch (or exits, or the patience runs out). */
    private static void awaitAnEpoch(Process p, Path runDir, int linesAtLaunch) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (p.isAlive() && metricLines(runDir) <= linesAtLaunch && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    /** @return the epochs the run folder's checkpoint holds after verifying and loading it, or 0 if it has none */
    private static int checkAndLoad(Path runDir) {
        if (!Checkpoint.exists(runDir)) {
            return 0;
        }
        try (NDManager manager = Engines.newManager()) {
            Checkpoint.Loaded loaded = Checkpoint.load(runDir, manager, Checkpoint.Weights.LAST);
            loaded.model().close();
            return loaded.state().epochsDone();
        }
    }

    @Test
    void twentyKillsLoseNoCheckpointAndTheResumedRunEqualsAnUninterruptedOne() throws Exception {
        Path killed = dir.resolve("killed");
        SplittableRandom random = new SplittableRandom(2026);
        int kills = 0;
        int atCommit = 0;
        int lastEpochs = 0;
        List<String> log = new ArrayList<>();
        while (kills < KILLS) {
            boolean resume = Checkpoint.exists(killed);
            int linesAtLaunch = metricLines(killed);
            Process p = start(killed, resume);
            String when;
            if (kills % 5 == 0) {
                long delay = random.nextLong(1500);
                Thread.sleep(delay); // somewhere in start-up: loading the data, the engine, the checkpoint
                when = "at " + delay + " ms";
            } else {
                awaitAnEpoch(p, killed, linesAtLaunch);
                long delay = random.nextLong(200);
                Thread.sleep(delay); // an epoch's metrics are logged just before its checkpoint is committed
                when = delay + " ms after an epoch ended";
            }
            if (!p.isAlive()) {
                throw new AssertionError("the run finished before kill " + (kills + 1) + "; raise EPOCHS");
            }
            p.destroyForcibly(); // SIGKILL
            assertThat(p.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();
            kills++;
            boolean staged = false;
            if (Files.isDirectory(killed)) {
                try (Stream<Path> files = Files.list(killed)) {
                    staged = files.anyMatch(f -> f.toString().endsWith(".tmp"));
                }
            }
            if (staged) {
                atCommit++;
            }
            int epochs = checkAndLoad(killed);
            log.add(String.format(
                    "kill %2d %-28s checkpoint epoch %2d%s",
                    kills, when, epochs, staged ? ", a commit was cut short" : ""));
            assertThat(epochs).as("kill %d: the checkpoint went back", kills).isGreaterThanOrEqualTo(lastEpochs);
            lastEpochs = epochs;
        }
        Process finish = start(killed, Checkpoint.exists(killed));
        assertThat(finish.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS))
                .as("the resumed run ended within %d s", PATIENCE_SECONDS)
                .isTrue();
        assertThat(finish.exitValue())
                .as(Files.readString(dir.resolve("killed.log")))
                .isZero();

        Path straight = dir.resolve("straight");
        Process reference = start(straight, false);
        assertThat(reference.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS))
                .as("the uninterrupted run ended within %d s", PATIENCE_SECONDS)
                .isTrue();
        assertThat(reference.exitValue()).isZero();

        System.out.println(String.join("\n", log));
        System.out.printf("%d kills, %d while a checkpoint was being committed%n", kills, atCommit);
        double weights = maxDifference(killed.resolve("weights.safetensors"), straight.resolve("weights.safetensors"));
        double moments =
                maxDifference(killed.resolve("optimizer.safetensors"), straight.resolve("optimizer.safetensors"));
        System.out.printf("max |weight difference| %.3g, max |Adam moment difference| %.3g%n", weights, moments);
        assertThat(weights).as("max |weight difference|").isLessThanOrEqualTo(1e-5);
        assertThat(moments).as("max |Adam moment difference|").isLessThanOrEqualTo(1e-5);
        assertThat(MetricsLog.read(killed.resolve(MetricsLog.FILE)))
                .extracting(EpochMetrics::epoch)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, EPOCHS)
                        .boxed()
                        .toList());
        try (Stream<Path> files = Files.list(killed)) {
            assertThat(files.filter(f -> f.toString().endsWith(".tmp"))).isEmpty();
        }
    }

    private static double maxDifference(Path a, Path b) throws IOException {
        try (NDManager manager = Engines.newManager();
                InputStream ia = Files.newInputStream(a);
                InputStream ib = Files.newInputStream(b)) {
            NDList la = NDList.decode(manager, ia);
            NDList lb = NDList.decode(manager, ib);
            assertThat(la.size()).isEqualTo(lb.size());
            double max = 0;
            for (int i = 0; i < la.size(); i++) {
                assertThat(la.get(i).getName()).isEqualTo(lb.get(i).getName());
                double[] x = la.get(i).toType(DataType.FLOAT64, false).toDoubleArray();
                double[] y = lb.get(i).toType(DataType.FLOAT64, false).toDoubleArray();
                for (int j = 0; j < x.length; j++) {
                    max = Math.max(max, Math.abs(x[j] - y[j]));
                }
            }
            return max;
        }
    }
}
