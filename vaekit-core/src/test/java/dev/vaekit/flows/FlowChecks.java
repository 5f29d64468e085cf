package dev.vaekit.flows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

/** What every flow test needs: parameters made non-trivial, and log |det J| computed from an autograd Jacobian. */
final class FlowChecks {
    private FlowChecks() {}

    /**
     * log |det ∂f(x)/∂x| of each example by autograd, and the determinant by Gaussian elimination with partial
     * pivoting in double precision. One backward pass gives every row: each example is repeated d times, copy i
     * contributes only its output i to the scalar that is differentiated, so the gradient on copy i is row i of that
     * example's Jacobian (layers treat examples independently once initialised).
     *
     * @param layer the flow
     * @param x inputs, (batch, ...)
     * @param context or null
     * @return per example
     */
    static double[] numericLogDet(FlowLayer layer, NDArray x, NDArray context) {
        int batch = (int) x.getShape().get(0);
        int d = (int) (x.getShape().size() / batch);
        long[] repeatedShape = x.getShape().getShape().clone();
        repeatedShape[0] = (long) batch * d;
        NDArray input = x.reshape(batch, 1, d)
                .broadcast(batch, d, d)
                .reshape(new Shape(repeatedShape))
                .duplicate();
        NDArray rowSelector =
                x.getManager().eye(d).expandDims(0).broadcast(batch, d, d).reshape((long) batch * d, d);
        NDArray repeatedContext = context == null
                ? null
                : context.expandDims(1)
                        .broadcast(batch, d, context.getShape().get(1))
                        .reshape((long) batch * d, -1);
        input.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray y = layer.forward(input, repeatedContext).output().reshape((long) batch * d, d);
            collector.backward(y.mul(rowSelector).sum());
        }
        double[] g = doubles(input.getGradient().reshape(batch, d, d));
        double[] out = new double[batch];
        for (int b = 0; b < batch; b++) {
            double[][] jac = new double[d][d];
            for (int i = 0; i < d; i++) {
                System.arraycopy(g, (b * d + i) * d, jac[i], 0, d);
            }
            out[b] = logAbsDet(jac);
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
