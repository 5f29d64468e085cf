package dev.vaekit.flows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.nn.Parameters;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A fixed permutation of the features of a vector, y_i = x_{order[i]}, placed between autoregressive or coupling
 * layers so that each conditions on different features (Papamakarios et al. 2017, §3.3; Kingma &amp; Dhariwal 2018,
 * §3.2 compare it with reversal). log |det| = 0. It is applied as a product with a 0/1 matrix, which is exact in
 * floating point and differentiable. The order is not a parameter and is not saved: a model rebuilds it from the same
 * seed; {@link Reverse} is the special case order[i] = d − 1 − i.
 */
public final class Permutation implements FlowLayer {
    private final int[] order;
    private final NDArray forwardMatrix;
    private final NDArray inverseMatrix;

    /**
     * @param params whose manager holds the permutation matrices
     * @param order a permutation of 0 … d − 1: output i is input order[i]
     */
    public Permutation(Parameters params, int[] order) {
        int d = order.length;
        boolean[] seen = new boolean[d];
        for (int o : order) {
            if (o < 0 || o >= d || seen[o]) {
                throw new IllegalArgumentException(
                        "not a permutation of 0.." + (d - 1) + ": " + Arrays.toString(order));
            }
            seen[o] = true;
        }
        this.order = order.clone();
        float[] matrix = new float[d * d];
        for (int i = 0; i < d; i++) {
            matrix[order[i] * d + i] = 1f; // (x P)_i = x_{order[i]}
        }
        this.forwardMatrix = params.manager().create(matrix, new Shape(d, d));
        this.inverseMatrix = forwardMatrix.transpose(); // P is orthogonal
    }

    /**
     * A uniformly random permutation drawn from a seed (Fisher–Yates).
     *
     * @param params whose manager holds the permutation matrices
     * @param dim d
     * @param seed the generator's seed; the same seed gives the same order
     * @return the layer
     */
    public static Permutation random(Parameters params, int dim, long seed) {
        int[] order = new int[dim];
        for (int i = 0; i < dim; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = dim - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return new Permutation(params, order);
    }

    /** @return output i is input order()[i] */
    public int[] order() {
        return order.clone();
    }

    @Override
    public Result forward(NDArray x, NDArray context) {
        return new Result(
                x.matMul(forwardMatrix),
                x.getManager().zeros(new Shape(x.getShape().get(0))));
    }

    @Override
    public NDArray inverse(NDArray y, NDArray context) {
        return y.matMul(inverseMatrix);
    }
}
