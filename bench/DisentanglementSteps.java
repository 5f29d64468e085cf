// Step costs for bench/disentanglement.sh: seconds per training step of each family of the disentanglement benchmark on
// dSprites images, through the production trainer, so that the benchmark's budget can be sized. Run with the
// command-line jar on the class path (Java's source-file mode, nothing to build):
//
//   java -Dai.djl.pytorch.num_threads=1 -cp vaekit-cli/target/vaekit-cli-0.1.0-SNAPSHOT.jar \
//       bench/DisentanglementSteps.java LR -- FLAGS-OF-MODEL-1 -- FLAGS-OF-MODEL-2 ...
//
// Each model's flags are `name dotted.field=value ...` (e.g. `beta-vae model.type=conv-vae objective.beta=6`), on top
// of the benchmark's shared network. A model trains on the first 1,280 images of the dsprites training rows, rendered
// into memory (20 batches of 64; a run renders each batch when it reads it, about 0.2 ms more per step): one warm-up
// epoch, then 3 timed ones; seconds per step is the median epoch's time over its batches, in wall time and in the
// training thread's CPU time (with one engine thread the engine's work runs on it). Prints one JSON object per model.
// Benchmark code: it lives here, not in the library.

import ai.djl.ndarray.NDManager;
import dev.vaekit.data.Dataset;
import dev.vaekit.data.FactorDatasets;
import dev.vaekit.data.factors.FactorSource;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.Model;
import dev.vaekit.train.Configs;
import dev.vaekit.train.EpochMetrics;
import dev.vaekit.train.RunConfig;
import dev.vaekit.train.Trainer;
import dev.vaekit.train.TrainerState;
import dev.vaekit.train.TrainingListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class DisentanglementSteps {
    static final int ROWS = 1280;

    static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    public static void main(String[] args) {
        double lr = Double.parseDouble(args[0]);
        FactorSource source = FactorDatasets.sources("dsprites")[0];
        float[] values = new float[ROWS * source.dim()];
        source.read(0, ROWS, values);
        Dataset data = new Dataset("dsprites/train (first 1280)", values, null, 1, 64, 64);
        List<List<String>> models = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--")) {
                models.add(new ArrayList<>());
            } else {
                models.get(models.size() - 1).add(args[i]);
            }
        }
        for (List<String> m : models) {
            Map<String, Object> overrides = new LinkedHashMap<>();
            overrides.put("data.dataset", "dsprites");
            overrides.put("data.binarization", "none");
            overrides.put("data.validationFraction", 0.0);
            overrides.put("model.hidden", List.of(32, 32, 64, 64));
            overrides.put("model.latentDim", 10);
            overrides.put("model.activation", "relu");
            overrides.put("training.batchSize", 64);
            overrides.put("training.learningRate", lr);
            overrides.put("training.epochs", 4);
            for (String kv : m.subList(1, m.size())) {
                String[] p = kv.split("=", 2);
                Object value = p[1].matches("-?[0-9]+")
                        ? (Object) Integer.valueOf(p[1])
                        : p[1].matches("-?[0-9.]+(e-?[0-9]+)?") ? (Object) Double.valueOf(p[1]) : p[1];
                overrides.put(p[0], value);
            }
            RunConfig config = Configs.build(null, overrides);
            config = config.withModel(config.model().withInputShape(1, 64, 64));
            List<Double> seconds = new ArrayList<>();
            List<Double> cpu = new ArrayList<>();
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long[] started = new long[1];
            try (NDManager manager = Engines.newManager()) {
                Engines.seed(1);
                try (Model model = Model.create(config.model(), null, manager);
                        Trainer trainer = new Trainer(config, model)) {
                    trainer.addListener(new TrainingListener() {
                        @Override
                        public void onEpochStart(Trainer t, int epoch) {
                            started[0] = threads.getCurrentThreadCpuTime();
                        }

                        @Override
                        public void onEpochEnd(Trainer t, EpochMetrics metrics, TrainerState state) {
                            seconds.add(metrics.seconds());
                            cpu.add((threads.getCurrentThreadCpuTime() - started[0]) / 1e9);
                        }
                    });
                    trainer.fit(data);
                }
            }
            List<Double> timed = new ArrayList<>(seconds.subList(1, seconds.size()));
            timed.sort(null);
            double perStep = timed.get(timed.size() / 2) / (ROWS / 64);
            List<Double> timedCpu = new ArrayList<>(cpu.subList(1, cpu.size()));
            timedCpu.sort(null);
            double cpuPerStep = timedCpu.get(timedCpu.size() / 2) / (ROWS / 64);
            System.out.printf(
                    "{\"model\":\"%s\",\"type\":\"%s\",\"secondsPerStep\":%.5f,\"cpuSecondsPerStep\":%.5f,"
                            + "\"epochSeconds\":%s,\"epochCpuSeconds\":%s,\"load\":\"%s\"}%n",
                    m.get(0), config.model().type(), perStep, cpuPerStep, seconds, cpu, load());
        }
    }
}
