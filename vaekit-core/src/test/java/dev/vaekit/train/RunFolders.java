package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.vaekit.engine.Engines;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Configs, resumed runs and tensor-file comparisons shared by the tests of run folders. */
final class RunFolders {
    private RunFolders() {}

    /**
     * A small FactorVAE run: a 16-unit dense network, 3-dimensional codes, a discriminator of 3 layers of 16, batches
     * of 50.
     *
     * @param data the {@code data.dataset} spec
     * @param epochs {@code training.epochs}
     * @param seed {@code training.seed}
     * @return the validated config
     */
    static RunConfig factorVae(String data, int epochs, long seed) {
        return Configs.build(
                null,
                Map.of(
                        "data.dataset",
                        data,
                        "model.type",
                        "dense-factor-vae",
                        "model.hidden",
                        List.of(16),
                        "model.latentDim",
                        3,
                        "model.discriminatorWidth",
                        16,
                        "model.discriminatorLayers",
                        3,
                        "training.epochs",
                        epochs,
                        "training.batchSize",
                        50,
                        "training.seed",
                        seed));
    }

    /**
     * Resumes a run folder to more epochs with the config it saved.
     *
     * @param run the run folder
     * @param epochs the epochs it should have done in all
     * @return the session's result
     */
    static TrainingSession.Result resume(Path run, int epochs) throws Exception {
        RunConfig saved = Configs.read(run.resolve("config.json"));
        return TrainingSession.run(saved.withTraining(saved.training().withEpochs(epochs)), run, null, true, List.of());
    }

    /**
     * Compares two tensor files (weights, optimizer state) that must hold the same tensors: the same names in the same
     * order, each of the same type.
     *
     * @param a one file
     * @param b the other
     * @return the largest |difference| over all their values
     */
    static double maxDifference(Path a, Path b) throws Exception {
        try (NDManager m = Engines.newManager();
                InputStream ia = Files.newInputStream(a);
                InputStream ib = Files.newInputStream(b)) {
            NDList la = NDList.decode(m, ia);
            NDList lb = NDList.decode(m, ib);
            assertThat(names(lb)).containsExactlyElementsOf(names(la));
            double max = 0;
            for (NDArray x : la) {
                NDArray y = lb.get(x.getName());
                assertThat(y.getDataType()).as(x.getName()).isEqualTo(x.getDataType());
                double[] dx = x.toType(DataType.FLOAT64, true).toDoubleArray();
                double[] dy = y.toType(DataType.FLOAT64, true).toDoubleArray();
                for (int i = 0; i < dx.length; i++) {
                    max = Math.max(max, Math.abs(dx[i] - dy[i]));
                }
            }
            return max;
        }
    }

    private static List<String> names(NDList list) {
        return list.stream().map(NDArray::getName).toList();
    }
}
