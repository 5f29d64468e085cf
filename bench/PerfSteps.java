// vaekit side of bench/perf.sh: times the GEMM ceiling of the engine and training steps of the configs, printing one
// JSON object per line. Run with the command-line jar on the class path (Java's source-file mode, nothing to build):
//
//   java -cp vaekit-cli/target/vaekit-cli-0.1.0-SNAPSHOT.jar bench/PerfSteps.java gemm
//   java -cp vaekit-cli/target/vaekit-cli-0.1.0-SNAPSHOT.jar bench/PerfSteps.java step configs/conv-vae.yaml [epochs]
//
// A step is timed through the production trainer (Trainer.fit: batch assembly, forward, backward, clipping, Adam) on
// the embedded mnist-mini images (5000), one warm-up epoch then the timed ones; seconds per step is the median epoch's
// time over its batches. Benchmark code: it lives here, not in the library.

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.data.Dataset;
import dev.vaekit.data.Datasets;
import dev.vaekit.engine.Engines;
import dev.vaekit.train.Configs;
import dev.vaekit.models.Model;
import dev.vaekit.train.EpochMetrics;
import dev.vaekit.train.RunConfig;
import dev.vaekit.train.Trainer;
import dev.vaekit.train.TrainingListener;
import dev.vaekit.train.TrainerState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

public class PerfSteps {
    public static void main(String[] args) {
        Engines.disableGradOnThisThread();
        switch (args[0]) {
            case "gemm" -> gemm();
            case "step" -> step(Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 3);
            case "dump-mini" -> dumpMini(Path.of(args[1]));
            default -> throw new IllegalArgumentException("gemm | step CONFIG [EPOCHS] | dump-mini FILE");
        }
    }

    /** Writes mnist-mini's training images as little-endian float32 values, for the peer to train on the same data. */
    static void dumpMini(Path file) {
        float[] x = Datasets.load("mnist-mini", null).trainRows().features();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 * x.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(x);
        try {
            java.nio.file.Files.write(file, bytes.array());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Matrix products of the dense VAE's shapes: m×k times k×n, median of 30 after 10 warm-up runs. */
    static void gemm() {
        int[][] shapes = {{128, 784, 400}, {128, 400, 784}, {5000, 400, 784}, {1000, 1000, 1000}};
        try (NDManager m = Engines.newManager()) {
            for (int[] s : shapes) {
                NDArray a = m.randomNormal(new Shape(s[0], s[1]));
                NDArray b = m.randomNormal(new Shape(s[1], s[2]));
                double[] t = new double[30];
                for (int i = -10; i < t.length; i++) {
                    long start = System.nanoTime();
                    NDArray c = a.matMul(b);
                    c.toFloatArray(); // forces completion (and a copy, as any result read back would)
                    long ns = System.nanoTime() - start;
                    c.close();
                    if (i >= 0) {
                        t[i] = ns / 1e9;
                    }
                }
                Arrays.sort(t);
                double seconds = t[t.length / 2];
                double flop = 2.0 * s[0] * s[1] * s[2];
                System.out.printf(
                        "{\"workload\":\"gemm %dx%dx%d\",\"seconds\":%.6g,\"gflops\":%.2f}%n",
                        s[0], s[1], s[2], seconds, flop / seconds / 1e9);
            }
        }
    }

    static void step(Path configFile, int epochs) {
        RunConfig config = Configs.build(configFile, Map.of("data.dataset", "mnist-mini", "training.epochs", epochs));
        Dataset data = Datasets.load("mnist-mini", null).trainRows();
        config = config.withModel(config.model().withInputShape(data.channels(), data.height(), data.width()));
        List<Double> seconds = new ArrayList<>();
        int batches = (data.size() + config.training().batchSize() - 1) / config.training().batchSize();
        try (NDManager manager = Engines.newManager()) {
            Engines.seed(1);
            try (Model model = Model.create(config.model(), config.data().schema(), manager);
                    Trainer trainer = new Trainer(config, model)) {
                trainer.addListener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(Trainer t, EpochMetrics metrics, TrainerState state) {
                        seconds.add(metrics.seconds());
                    }
                });
                Dataset empty = new Dataset("none", new float[0], new int[0], data.channels(), data.height(),
                        data.width());
                trainer.fit(data, empty);
            }
        }
        List<Double> timed = new ArrayList<>(seconds.subList(1, seconds.size()));
        timed.sort(null);
        double epoch = timed.get(timed.size() / 2);
        System.out.printf(
                "{\"workload\":\"step %s\",\"batchSize\":%d,\"batches\":%d,\"secondsPerStep\":%.6g,\"epochs\":%s}%n",
                configFile.getFileName(), config.training().batchSize(), batches, epoch / batches, seconds);
    }
}
