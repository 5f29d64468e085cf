// The thread settings of the adaptive ladder against each other inside one training run, so that the machine's drift
// (other tenants, clock changes) falls on all of them alike: a dense 784-400-20 VAE (batch 128) trains on mnist-mini
// while a listener moves round-robin through the rungs (1, 1+2, 2, ... of engine.Threads.ladder; those of several
// threads once with their extra cores kept awake by engine.WarmCores and once asleep) every BLOCK steps, dropping the
// first step after each switch; it prints the median step time of each and its ratio to 1 thread.
// Run in Java's source-file mode on the CLI jar, with native access so that products can take their own count:
//
//   java --enable-native-access=ALL-UNNAMED -cp vaekit-cli/target/vaekit-cli-0.1.0-SNAPSHOT.jar \
//       bench/ThreadRungs.java [EPOCHS] [BLOCK]
//
// With the argument `products` it times the dense VAE's matrix products alone instead (median of 41 after 10 warm-up
// runs) at each rung, with the extra cores awake and asleep.
//
// Benchmark code: it lives here, not in the library. bench/thread-rungs.sh runs it with the launcher's settings.

import dev.vaekit.data.Dataset;
import dev.vaekit.data.Datasets;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Threads;
import dev.vaekit.engine.WarmCores;
import dev.vaekit.models.Model;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.train.RunConfig;
import dev.vaekit.train.StepResult;
import dev.vaekit.train.Trainer;
import dev.vaekit.train.TrainingConfig;
import dev.vaekit.train.TrainingListener;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

public class ThreadRungs {
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("products")) {
            products();
            return;
        }
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int block = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Dataset data = Datasets.load("mnist-mini", null).trainRows();
        RunConfig config = RunConfig.builder()
                .model(ModelConfig.builder("dense-vae").latentDim(20).hidden(400).build()
                        .withInputShape(data.channels(), data.height(), data.width()))
                .training(TrainingConfig.builder().epochs(epochs).batchSize(128).build())
                .build();
        // every rung of more than one thread twice: its extra cores kept awake (as training does) and left asleep
        List<Threads.Setting> ladder = new ArrayList<>();
        List<Boolean> awake = new ArrayList<>();
        for (Threads.Setting s : Threads.ladder(Threads.cores(), Threads.productsApart())) {
            ladder.add(s);
            awake.add(s.products() > 1);
            if (s.products() > 1 && WarmCores.available()) {
                ladder.add(s);
                awake.add(false);
            }
        }
        List<List<Long>> times = new ArrayList<>();
        ladder.forEach(s -> times.add(new ArrayList<>()));
        try (NDManager manager = Engines.newManager()) {
            Engines.seed(1);
            try (Model model = Model.create(config.model(), config.data().schema(), manager);
                    Trainer trainer = new Trainer(config, model)) {
                trainer.addListener(new TrainingListener() {
                    long last = -1;
                    long steps;
                    int rung;

                    @Override
                    public void onBatchEnd(Trainer t, StepResult step) {
                        long now = System.nanoTime();
                        steps++;
                        if (steps > 3 * block && last >= 0 && steps % block != 1) {
                            times.get(rung).add(now - last); // not the warm-up, not the step of a switch
                        }
                        if (steps % block == 0) {
                            rung = (int) ((steps / block) % ladder.size());
                            Threads.set(ladder.get(rung));
                        }
                        if (awake.get(rung)) {
                            WarmCores.hold(ladder.get(rung).products() - 1);
                        } else {
                            WarmCores.release();
                        }
                        last = System.nanoTime();
                    }
                });
                Dataset none = new Dataset("none", new float[0], new int[0], data.channels(), data.height(),
                        data.width());
                trainer.fit(data, none);
            }
        }
        double one = median(times.get(0));
        for (int i = 0; i < ladder.size(); i++) {
            double ms = median(times.get(i));
            System.out.printf(
                    "{\"setting\":\"%s\",\"coresAwake\":%b,\"steps\":%d,\"medianMs\":%.3f,\"ratioToOneThread\":%.3f}%n",
                    ladder.get(i), awake.get(i), times.get(i).size(), ms, ms / one);
        }
    }

    /** The dense VAE's products (batch 128: 784 → 400, 400 → 784, and a weight gradient) at each rung. */
    static void products() {
        Engines.disableGradOnThisThread();
        int[][] shapes = {{128, 784, 400}, {128, 400, 784}, {784, 128, 400}};
        try (ai.djl.ndarray.NDManager m = Engines.newManager()) {
            for (int[] s : shapes) {
                ai.djl.ndarray.NDArray a = m.randomNormal(new ai.djl.ndarray.types.Shape(s[0], s[1]));
                ai.djl.ndarray.NDArray b = m.randomNormal(new ai.djl.ndarray.types.Shape(s[1], s[2]));
                for (Threads.Setting setting : Threads.ladder(Threads.cores(), Threads.productsApart())) {
                    for (boolean awake : setting.products() > 1 ? new boolean[] {true, false} : new boolean[] {false}) {
                        Threads.set(setting);
                        List<Long> t = new ArrayList<>();
                        for (int i = -10; i < 41; i++) {
                            if (awake) {
                                WarmCores.hold(setting.products() - 1);
                            } else {
                                WarmCores.release();
                            }
                            long start = System.nanoTime();
                            try (ai.djl.ndarray.NDArray c = a.matMul(b)) {
                                c.getFloat(0, 0); // forces completion
                            }
                            if (i >= 0) {
                                t.add(System.nanoTime() - start);
                            }
                        }
                        System.out.printf(
                                "{\"product\":\"%dx%dx%d\",\"setting\":\"%s\",\"coresAwake\":%b,\"medianUs\":%.0f}%n",
                                s[0], s[1], s[2], setting, awake, median(t) * 1000);
                    }
                }
            }
        }
        WarmCores.release();
    }

    static double median(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2) / 1e6;
    }
}
