package dev.vaekit.flows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

/** What every flow test needs: parameters made non-trivial, and log |det J| computed from an autograd Jacobian. */
final class FlowChecks {
    private FlowChecks() {}

    /**
     * log |det ∂f(x)/∂x| of each example by autograd, one backward pass per output feature (examples are
     * independent, so the gradient of the batch sum of output i holds row i of every example's Jacobian), and the
     * determinant by Gaussian elimination with partial pivoting in double precision.
     *
     * @param layer the flow
     * @param x inputs, (batch, ...)
     * @param context or null
     * @return per example
     */
    static double[] numericLogDet(FlowLayer layer, NDArray x, NDArray context) {
        int batch = (int) x.getShape().get(0);
        int d = (int) (x.getShape().size() / batch);
        double[][][] jac = new double[batch][d][d];
        for (int i = 0; i < d; i++) {
            NDArray input = x.duplicate();
            input.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = layer.forward(input, context).output().reshape(batch, d);
                collector.backward(y.get(":, " + i).sum());
            }
            float[] g = input.getGradient().reshape(batch, d).toFloatArray();
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < d; j++) {
                    jac[b][i][j] = g[b * d + j];
                }
            }
        }
        double[] out = new double[batch];
        for (int b = 0; b < batch; b++) {
            out[b] = logAbsDet(jac[b]);
        }
        return out;
    }

    /** log |det A| by Gaussian elimination with partial pivoting. */
    static double logAbsDet(double[][] matrix) {
        int n = matrix.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = matrix[i].clone();
        }
        double sum = 0;
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                    pivot = r;
                }
            }
            double[] t = a[c];
            a[c] = a[pivot];
            a[pivot] = t;
            sum += Math.log(Math.abs(a[c][c]));
            for (int r = c + 1; r < n; r++) {
                double f = a[r][c] / a[c][c];
                for (int k = c; k < n; k++) {
                    a[r][k] -= f * a[c][k];
                }
            }
        }
        return sum;
    }

    /** @return the values of a (batch) array as doubles */
    static double[] doubles(NDArray a) {
        float[] f = a.toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** @return a normal batch of the given shape */
    static NDArray normal(ai.djl.ndarray.NDManager manager, long... shape) {
        return manager.randomNormal(new Shape(shape));
    }
}
