package dev.vaekit.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.BinaryOperator;

/**
 * Numerical helpers DJL lacks, written once so every model computes them the same stable way, and the arithmetic with
 * a number that replaces DJL's own.
 *
 * <p>Never call DJL's {@code NDArray.mul(Number)}, {@code div}, {@code pow}, {@code maximum} or {@code minimum} with a
 * number: DJL (0.35.1 and 0.36.0) wraps the number in a tensor over a Java direct buffer, runs the op and closes the wrapper at
 * once. Autograd keeps that tensor for the backward pass (the gradient of x·c is g·c); when the garbage collector
 * then frees the buffer, the backward pass reads whatever the memory holds by then. The symptoms were gradients off
 * by a little or by 1e60, non-finite gradients under a finite loss, and same-seed runs parting company, all at the
 * moment of a garbage collection, so more often under CPU load. {@link #scale}, {@link #divide}, {@link #power},
 * {@link #atLeast} and {@link #atMost} put the number in libtorch's own memory instead, which autograd reference-counts,
 * so closing the wrapper right away is safe.
 * A test reads every compiled class and fails on a call to the unsafe overloads.
 */
public final class Tensors {
    private Tensors() {}

    /** x · c. */
    public static NDArray scale(NDArray x, double c) {
        return withConstant(x, c, NDArray::mul);
    }

    /** x / c. */
    public static NDArray divide(NDArray x, double c) {
        return withConstant(x, c, NDArray::div);
    }

    /** x^p, element-wise. */
    public static NDArray power(NDArray x, double p) {
        return withConstant(x, p, NDArray::pow);
    }

    /** max(x, lo), element-wise. */
    public static NDArray atLeast(NDArray x, double lo) {
        return withConstant(x, lo, NDArray::maximum);
    }

    /** min(x, hi), element-wise. */
    public static NDArray atMost(NDArray x, double hi) {
        return withConstant(x, hi, NDArray::minimum);
    }

    /** op(x, c) with c in libtorch's memory; the wrapper is closed at once, autograd keeps its own reference. */
    private static NDArray withConstant(NDArray x, double c, BinaryOperator<NDArray> op) {
        try (NDArray k = constant(x, c)) {
            return op.apply(x, k);
        }
    }

    /**
     * A zero-dimensional tensor holding {@code value} in libtorch's memory, of {@code like}'s type, device and manager.
     *
     * @param like the tensor it will meet
     * @param value the number
     * @return the constant
     */
    public static NDArray constant(NDArray like, double value) {
        return JniUtils.full(
                (PtNDManager) like.getManager(),
                new Shape(),
                value,
                like.getDataType(),
                like.getDevice(),
                SparseFormat.DENSE);
    }

    /**
     * log Σ exp(x) along {@code axis}, shifted by the maximum so it neither overflows nor underflows.
     *
     * @param x input
     * @param axis axis to reduce
     * @param keepDims keep the reduced axis with size 1
     * @return the log-sum-exp
     */
    public static NDArray logSumExp(NDArray x, int axis, boolean keepDims) {
        NDArray max = x.max(new int[] {axis}, true).stopGradient();
        NDArray lse = x.sub(max).exp().sum(new int[] {axis}, true).log().add(max);
        return keepDims ? lse : lse.squeeze(axis);
    }

    /**
     * log (1/n) Σ exp(x) along {@code axis}: the log of a mean of weights given in log space (IWAE bound, Burda et al.
     * 2015, eq. 8).
     */
    public static NDArray logMeanExp(NDArray x, int axis) {
        long n = x.getShape().get(axis);
        return logSumExp(x, axis, false).sub((float) Math.log(n));
    }

    /**
     * Copies a Java array into a new float32 tensor.
     *
     * @param manager owner of the tensor
     * @param values row-major values
     * @param shape shape; its size must equal {@code values.length}
     * @return the tensor
     */
    public static NDArray create(NDManager manager, float[] values, Shape shape) {
        ByteBuffer buf = ByteBuffer.allocateDirect(values.length * 4).order(ByteOrder.nativeOrder());
        buf.asFloatBuffer().put(values);
        NDArray array = manager.create(buf, shape, DataType.FLOAT32);
        // DJL may share the direct buffer; a copy makes the tensor independent of it.
        NDArray copy = array.duplicate();
        array.close();
        return copy;
    }

    /**
     * Stacks {@code times} copies of a batch, copy-major: row s·n + i is row i of x, matching codes reshaped from
     * (times, n, latent) to (times·n, latent).
     *
     * @param x shape (n, d)
     * @param times copies, ≥ 1
     * @return shape (times·n, d)
     */
    public static NDArray repeatBatch(NDArray x, long times) {
        if (times == 1) {
            return x;
        }
        long[] s = x.getShape().getShape();
        return x.expandDims(0).broadcast(times, s[0], s[1]).reshape(times * s[0], s[1]);
    }

    /** Reads a scalar or one-element tensor as a double. */
    public static double scalar(NDArray x) {
        return x.toType(DataType.FLOAT64, false).toDoubleArray()[0];
    }
}
