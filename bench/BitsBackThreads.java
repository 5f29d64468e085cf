import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.models.Autoencoder;
import dev.vaekit.train.Checkpoint;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Why the bits-back adapter fixes the thread count: evaluates a run's decoder on the same codes one at a time (a batch
 * of 1, as coding does) with 1 and with T libtorch threads, and in a batch of 100 with 1 thread, and counts the outputs
 * whose float32 bits differ from the 1-thread, batch-of-1 ones. Usage: java -cp CLASSPATH bench/BitsBackThreads.java
 * RUN [CODES] [T]
 */
public class BitsBackThreads {
    public static void main(String[] args) {
        Path run = Path.of(args[0]);
        int codes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Engines.disableGradOnThisThread();
        try (NDManager manager = Engines.newManager()) {
            Checkpoint.Loaded loaded = Checkpoint.load(run, manager, Checkpoint.Weights.BEST);
            Autoencoder model = loaded.autoencoder();
            int latent = model.config().latentDim();
            SplittableRandom random = new SplittableRandom(1);
            float[] z = new float[codes * latent];
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) random.nextGaussian();
            }
            float[][] one = decodeEach(model, manager, z, codes, latent, 1);
            float[][] many = decodeEach(model, manager, z, codes, latent, threads);
            float[] batch;
            JniUtils.setNumThreads(1);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                batch = model.decode(Tensors.create(manager, z, new Shape(codes, latent))).toFloatArray();
            }
            int width = one[0].length;
            long differThreads = 0;
            long differBatch = 0;
            int codesDifferThreads = 0;
            int codesDifferBatch = 0;
            for (int c = 0; c < codes; c++) {
                long t = 0;
                long b = 0;
                for (int j = 0; j < width; j++) {
                    t += Float.floatToRawIntBits(one[c][j]) != Float.floatToRawIntBits(many[c][j]) ? 1 : 0;
                    b += Float.floatToRawIntBits(one[c][j]) != Float.floatToRawIntBits(batch[c * width + j]) ? 1 : 0;
                }
                differThreads += t;
                differBatch += b;
                codesDifferThreads += t > 0 ? 1 : 0;
                codesDifferBatch += b > 0 ? 1 : 0;
            }
            System.out.printf(
                    "%s: %d codes x %d decoder outputs; batch of 1 with %d threads vs 1: %d outputs differ (in %d codes);"
                            + " batch of %d vs batch of 1 (1 thread): %d outputs differ (in %d codes)%n",
                    run, codes, width, threads, differThreads, codesDifferThreads, codes, differBatch, codesDifferBatch);
            loaded.model().close();
        }
    }

    private static float[][] decodeEach(
            Autoencoder model, NDManager manager, float[] z, int codes, int latent, int threads) {
        JniUtils.setNumThreads(threads);
        float[][] out = new float[codes][];
        for (int c = 0; c < codes; c++) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray code = Tensors.create(manager, Arrays.copyOfRange(z, c * latent, (c + 1) * latent), new Shape(1, latent));
                out[c] = model.decode(code).toFloatArray();
            }
        }
        return out;
    }
}
