package dev.vaekit.flows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import dev.vaekit.engine.Tensors;
import dev.vaekit.nn.Parameters;
import java.util.SplittableRandom;

/**
 * Glow's invertible 1 × 1 convolution (Kingma &amp; Dhariwal 2018, §3.2), a learned C × C mixing of the channels at
 * every pixel, y = W x, with log |det| = H·W·log |det W|. W is kept in LU form (eq. 10): W = P L (U + diag(sign ⊙
 * exp(logS))) with P a fixed permutation, L unit lower triangular, U strictly upper triangular, so log |det W| =
 * Σ logS costs O(C). It starts as a random rotation: the Q of the QR decomposition of a Gaussian matrix (modified
 * Gram–Schmidt), factorised by LU with partial pivoting; both run once, in Java, on the C × C matrix. Tensor names:
 * {@code <prefix>.lower}, {@code <prefix>.upper}, {@code <prefix>.logS} (P and the signs are fixed by the seed and
 * rebuilt with the layer; only their product with the learned factors matters).
 */
public final class InvertibleConv1x1 implements FlowLayer {
    private static final Shape ONE = new Shape(1, 1);
    private static final Shape NONE = new Shape(0, 0);

    private final NDArray permutation;
    private final NDArray lower;
    private final NDArray upper;
    private final NDArray logS;
    private final NDArray sign;
    private final NDArray strictlyLower;
    private final NDArray strictlyUpper;
    private final NDArray identity;
    private final int channels;

    /**
     * @param params where the parameters are created
     * @param prefix their name prefix
     * @param channels C
     * @param seed seed of the initial rotation (and so of P and the signs, which a checkpoint does not store)
     */
    public InvertibleConv1x1(Parameters params, String prefix, int channels, long seed) {
        this.channels = channels;
        double[][] q = rotation(channels, seed);
        Lu lu = Lu.decompose(q);
        int c = channels;
        float[] p = new float[c * c];
        float[] l = new float[c * c];
        float[] u = new float[c * c];
        float[] s = new float[c];
        float[] sg = new float[c];
        float[] lowMask = new float[c * c];
        float[] upMask = new float[c * c];
        for (int i = 0; i < c; i++) {
            p[i * c + lu.rowOf[i]] = 1f; // (P A)_i = A_{rowOf[i]}, so A = Pᵀ L U and P here is its transpose
            for (int j = 0; j < c; j++) {
                if (j < i) {
                    l[i * c + j] = (float) lu.lu[i][j];
                    lowMask[i * c + j] = 1f;
                } else if (j > i) {
                    u[i * c + j] = (float) lu.lu[i][j];
                    upMask[i * c + j] = 1f;
                }
            }
            s[i] = (float) Math.log(Math.abs(lu.lu[i][i]));
            sg[i] = lu.lu[i][i] < 0 ? -1f : 1f;
        }
        NDManager m = params.manager();
        this.permutation = m.create(p, new Shape(c, c)).transpose();
        this.lower = params.copyOf(prefix + ".lower", m.create(l, new Shape(c, c)));
        this.upper = params.copyOf(prefix + ".upper", m.create(u, new Shape(c, c)));
        this.logS = params.copyOf(prefix + ".logS", m.create(s, new Shape(c)));
        this.sign = m.create(sg, new Shape(c));
        this.strictlyLower = m.create(lowMask, new Shape(c, c));
        this.strictlyUpper = m.create(upMask, new Shape(c, c));
        this.identity = m.eye(c);
    }

    /** @return W = P L (U + diag(sign ⊙ exp(logS))), (C, C) */
    NDArray weight() {
        NDArray l = lower.mul(strictlyLower).add(identity);
        NDArray u = upper.mul(strictlyUpper).add(identity.mul(sign.mul(logS.exp())));
        return permutation.matMul(l).matMul(u);
    }

    private static NDArray conv(NDArray x, NDArray w) {
        long c = w.getShape().get(0);
        return Conv2d.conv2d(x, w.reshape(c, c, 1, 1), null, ONE, NONE, ONE, 1).singletonOrThrow();
    }

    @Override
    public Result forward(NDArray x, NDArray context) {
        long pixels = x.getShape().get(2) * x.getShape().get(3);
        NDArray logDet = Tensors.scale(logS.sum(), pixels)
                .broadcast(new Shape(x.getShape().get(0)));
        return new Result(conv(x, weight()), logDet);
    }

    @Override
    public NDArray inverse(NDArray y, NDArray context) {
        return conv(y, weight().inverse());
    }

    /** A random C × C rotation: Q of a Gaussian matrix by modified Gram–Schmidt on its columns. */
    static double[][] rotation(int c, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] a = new double[c][c];
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < c; j++) {
                double u1 = 1 - random.nextDouble();
                a[i][j] = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * random.nextDouble());
            }
        }
        for (int j = 0; j < c; j++) {
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < c; i++) {
                    dot += a[i][j] * a[i][k];
                }
                for (int i = 0; i < c; i++) {
                    a[i][j] -= dot * a[i][k];
                }
            }
            double norm = 0;
            for (int i = 0; i < c; i++) {
                norm += a[i][j] * a[i][j];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < c; i++) {
                a[i][j] /= norm;
            }
        }
        return a;
    }

    /**
     * LU decomposition with partial pivoting, P A = L U, stored in place: L below the diagonal (unit diagonal
     * implied), U on and above it; {@code rowOf[i]} is the row of A that became row i.
     */
    static final class Lu {
        final double[][] lu;
        final int[] rowOf;

        private Lu(double[][] lu, int[] rowOf) {
            this.lu = lu;
            this.rowOf = rowOf;
        }

        static Lu decompose(double[][] matrix) {
            int n = matrix.length;
            double[][] a = new double[n][];
            int[] rowOf = new int[n];
            for (int i = 0; i < n; i++) {
                a[i] = matrix[i].clone();
                rowOf[i] = i;
            }
            for (int k = 0; k < n; k++) {
                int pivot = k;
                for (int i = k + 1; i < n; i++) {
                    if (Math.abs(a[i][k]) > Math.abs(a[pivot][k])) {
                        pivot = i;
                    }
                }
                double[] row = a[k];
                a[k] = a[pivot];
                a[pivot] = row;
                int r = rowOf[k];
                rowOf[k] = rowOf[pivot];
                rowOf[pivot] = r;
                for (int i = k + 1; i < n; i++) {
                    a[i][k] /= a[k][k];
                    for (int j = k + 1; j < n; j++) {
                        a[i][j] -= a[i][k] * a[k][j];
                    }
                }
            }
            return new Lu(a, rowOf);
        }
    }
}
