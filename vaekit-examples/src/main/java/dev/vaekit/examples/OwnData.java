package dev.vaekit.examples;

import dev.vaekit.api.TrainedModel;
import dev.vaekit.api.Training;
import dev.vaekit.data.Binarization;
import dev.vaekit.data.DataConfig;
import dev.vaekit.data.Dataset;
import dev.vaekit.models.FlowConfig;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.train.RunConfig;
import dev.vaekit.train.TrainingConfig;
import java.util.Iterator;
import java.util.SplittableRandom;

/**
 * Data of one's own: rows from an iterator (here points on a noisy ring) fitted with a RealNVP flow, whose exact
 * density then scores new points. Arguments: epochs (default 30).
 */
public final class OwnData {
    private OwnData() {}

    /**
     * @param args epochs
     */
    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        // docs:begin own-data
        Iterator<float[]> ring = new Iterator<>() {
            private final SplittableRandom random = new SplittableRandom(1);
            private int left = 4000;

            @Override
            public boolean hasNext() {
                return left > 0;
            }

            @Override
            public float[] next() {
                left--;
                double angle = 2 * Math.PI * random.nextDouble();
                double radius = 2 + 0.1 * random.nextGaussian();
                return new float[] {(float) (radius * Math.cos(angle)), (float) (radius * Math.sin(angle))};
            }
        };
        Dataset points = Dataset.collect("ring", ring, null, 1, 1, 2); // 4000 rows of 2 values
        RunConfig config = RunConfig.builder()
                .data(DataConfig.defaults().withBinarization(Binarization.NONE)) // continuous values
                .model(ModelConfig.builder("realnvp")
                        .hidden(64, 64)
                        .family(FlowConfig.builder().flowLength(6).build())
                        .build())
                .training(TrainingConfig.builder()
                        .epochs(epochs)
                        .batchSize(256)
                        .learningRate(3e-3)
                        .build())
                .build();
        try (TrainedModel flow = Training.of(config).fit(points)) {
            Dataset probes = Dataset.of("probes", new float[][] {{2, 0}, {0, 0}}, null, 1, 1, 2);
            double[] logP = flow.score(probes, 1, 1).logLikelihood();
            System.out.printf("log p on the ring %.2f, at its centre %.2f%n", logP[0], logP[1]);
        }
        // docs:end
    }
}
