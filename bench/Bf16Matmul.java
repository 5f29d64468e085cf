// vaekit's side of bench/bf16-matmul.sh: float32 against bfloat16 matrix products through libtorch 2.7.1 (DJL), on the
// shapes of the dense VAE (a batch of 128 through 784-400, the importance-sampled evaluation's 5000 decoder rows through
// 400-784) and a square one. The two products run inside TorchScript modules written by bench/bf16_modules.py, since
// DJL aborts on bfloat16 tensors made from Java. Prints one JSON object per shape: median seconds of 30 runs after 10
// warm-up runs, GFLOP/s of each, the speed-up, and the largest relative difference of the bf16 product from the
// float32 one (bf16 keeps 8 bits of mantissa: about 4e-3 per operand).
//
//   java -cp vaekit-cli/target/vaekit-cli-0.1.0-SNAPSHOT.jar bench/Bf16Matmul.java MODULE_DIR

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.vaekit.engine.Engines;
import java.nio.file.Path;
import java.util.Arrays;

public class Bf16Matmul {
    public static void main(String[] args) throws Exception {
        Engines.disableGradOnThisThread();
        Path dir = Path.of(args[0]);
        int[][] shapes = {{128, 784, 400}, {5000, 400, 784}, {2048, 2048, 2048}};
        try (Model fp32 = Model.newInstance("fp32", "PyTorch");
                Model bf16 = Model.newInstance("bf16", "PyTorch");
                NDManager m = Engines.newManager()) {
            fp32.load(dir, "fp32.pt");
            bf16.load(dir, "bf16.pt");
            for (int[] s : shapes) {
                NDArray a = m.randomNormal(new Shape(s[0], s[1]));
                NDArray b = m.randomNormal(new Shape(s[1], s[2]));
                double tf = time(fp32.getBlock(), a, b);
                double tb = time(bf16.getBlock(), a, b);
                float[] x = run(fp32.getBlock(), a, b).toFloatArray();
                float[] y = run(bf16.getBlock(), a, b).toFloatArray();
                double scale = 0;
                double diff = 0;
                for (int i = 0; i < x.length; i++) {
                    scale = Math.max(scale, Math.abs(x[i]));
                    diff = Math.max(diff, Math.abs(x[i] - y[i]));
                }
                double flop = 2.0 * s[0] * s[1] * s[2];
                System.out.printf(
                        "{\"m\":%d,\"k\":%d,\"n\":%d,\"fp32Seconds\":%.6g,\"bf16Seconds\":%.6g,\"fp32Gflops\":%.1f,"
                                + "\"bf16Gflops\":%.1f,\"speedup\":%.2f,\"maxDifferenceOverMaxAbs\":%.3g}%n",
                        s[0], s[1], s[2], tf, tb, flop / tf / 1e9, flop / tb / 1e9, tf / tb, diff / scale);
            }
        }
    }

    static NDArray run(Block block, NDArray a, NDArray b) {
        return block.forward(new ParameterStore(a.getManager(), false), new NDList(a, b), false).singletonOrThrow();
    }

    /** Median seconds of 30 runs after 10 warm-up runs. */
    static double time(Block block, NDArray a, NDArray b) {
        double[] t = new double[30];
        for (int i = -10; i < t.length; i++) {
            long start = System.nanoTime();
            NDArray c = run(block, a, b);
            c.toFloatArray(); // wait for the result, as a caller would
            c.close();
            if (i >= 0) {
                t[i] = (System.nanoTime() - start) / 1e9;
            }
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }
}
