package dev.vaekit.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;

/**
 * The dense products the baselines need, done by the tensor engine's BLAS in double precision: Gram matrices of many
 * rows (PCA's covariance, a GMM's weighted scatter) and blocks of squared distances (KDE). Inputs and outputs are Java
 * arrays; every tensor lives only inside one call.
 */
final class DoubleMatrices {
    /** Doubles per block of rows sent to the engine at once (16 MiB). */
    static final int BLOCK_DOUBLES = 1 << 21;

    private DoubleMatrices() {}

    /**
     * Σ_i w_i (x_i − m)(x_i − m)ᵀ, accumulated over blocks of rows.
     *
     * @param rows n × d, row-major
     * @param dim d
     * @param centre m (length d)
     * @param weights w (length n), or null for all ones
     * @return the d × d matrix, row-major
     */
    static double[] scatter(float[] rows, int dim, double[] centre, double[] weights) {
        int n = rows.length / dim;
        int block = Math.max(1, BLOCK_DOUBLES / dim);
        Engines.disableGradOnThisThread();
        try (NDManager manager = Engines.newManager()) {
            NDArray total = manager.zeros(new Shape(dim, dim), DataType.FLOAT64);
            double[] buffer = new double[Math.min(n, block) * dim];
            for (int from = 0; from < n; from += block) {
                int to = Math.min(n, from + block);
                int count = to - from;
                double[] centred = count * dim == buffer.length ? buffer : new double[count * dim];
                for (int i = 0; i < count; i++) {
                    double w = weights == null ? 1 : Math.sqrt(weights[from + i]);
                    for (int j = 0; j < dim; j++) {
                        centred[i * dim + j] = w * (rows[(from + i) * dim + j] - centre[j]);
                    }
                }
                try (NDManager step = manager.newSubManager()) {
                    NDArray x = step.create(centred, new Shape(count, dim));
                    total.addi(x.transpose().matMul(x));
                }
            }
            return total.toDoubleArray();
        }
    }

    /**
     * Squared Euclidean distances ‖a_i − b_j‖² between two sets of rows, ‖a‖² + ‖b‖² − 2 a·b clipped at 0.
     *
     * @param a n × d
     * @param b m × d
     * @param bNorms ‖b_j‖², shape (1, m)
     * @return n × m, in a's manager
     */
    static NDArray squaredDistances(NDArray a, NDArray b, NDArray bNorms) {
        return Tensors.atLeast(
                a.square().sum(new int[] {1}, true).add(bNorms).sub(Tensors.scale(a.matMul(b.transpose()), 2)), 0.0);
    }
}
