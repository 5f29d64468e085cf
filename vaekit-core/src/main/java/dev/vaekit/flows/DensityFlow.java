package dev.vaekit.flows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A density model made of a flow: an invertible f from (preprocessed) data to codes z with the same number of
 * features, a fixed base density p_Z, and the change of variables (Dinh et al. 2017, eq. 3)
 *
 * <pre>
 *   log p(x) = log p_Z(f(x)) + log |det ∂f(x)/∂x|.
 * </pre>
 *
 * <p>With a {@link Dequantization} the data are 8-bit values v = x/255 and {@link #logProb} is the one-sample bound on
 * log P(x) that {@link Dequantization} derives (its log-Jacobian and −D·log 256 included), so {@link #bitsPerDim}
 * is the number the RealNVP and Glow papers report. Without one the data are continuous and {@link #logProb} is
 * their exact log-density.
 *
 * <p>Shapes: the data of one example are reshaped to {@code exampleShape} ((C, H, W) for the image flows, (d) for
 * vector flows) before the flow; the codes have {@code codeShape}, the shape of the flow's output for one example
 * (flat (C·H·W) for {@link ImageFlows}), which is what {@link #sample} draws from the base.
 */
public final class DensityFlow {
    private final FlowLayer flow;
    private final BaseDistribution base;
    private final Dequantization dequantization;
    private final Shape exampleShape;
    private final Shape codeShape;

    /**
     * @param flow the invertible map f
     * @param base p_Z
     * @param dequantization the 8-bit preprocessing, or null for continuous data
     * @param exampleShape one example as the flow takes it, e.g. (C, H, W)
     * @param codeShape one example's code as the flow outputs it, e.g. (C·H·W)
     */
    public DensityFlow(
            FlowLayer flow, BaseDistribution base, Dequantization dequantization, Shape exampleShape, Shape codeShape) {
        if (exampleShape.size() != codeShape.size()) {
            throw new IllegalArgumentException("a flow keeps the number of features, but the example shape "
                    + exampleShape + " and the code shape " + codeShape + " differ in size");
        }
        this.flow = flow;
        this.base = base;
        this.dequantization = dequantization;
        this.exampleShape = exampleShape;
        this.codeShape = codeShape;
    }

    /** @return the invertible map f */
    public FlowLayer flow() {
        return flow;
    }

    /** @return p_Z */
    public BaseDistribution base() {
        return base;
    }

    /** @return whether the data are 8-bit values, with bits/dim */
    public boolean discrete() {
        return dequantization != null;
    }

    /** @return D, the number of features of one example */
    public long dims() {
        return exampleShape.size();
    }

    /**
     * The log-likelihood of each example, differentiably: for 8-bit data the one-sample dequantization bound on
     * log P(x) (a fresh u per call), for continuous data the exact log-density.
     *
     * @param x a batch, (batch, ...) with D features per example
     * @return nats per example, shape (batch)
     */
    public NDArray logProb(NDArray x) {
        Dequantization.Result pre = preprocess(x, true);
        FlowLayer.Result r = flow.forward(pre.output(), null);
        NDArray logP = base.logProb(r.output()).add(r.logDet());
        return pre.logDet() == null ? logP : logP.add(pre.logDet());
    }

    /**
     * −{@link #logProb} / (D ln 2): bits/dim for 8-bit data ({@link Dequantization}); for continuous data the same
     * scaling of the negative log-density (which may be negative).
     *
     * @param x a batch, (batch, ...)
     * @return bits/dim per example, shape (batch)
     */
    public NDArray bitsPerDim(NDArray x) {
        return Dequantization.bitsPerDim(logProb(x), dims());
    }

    /**
     * Data-dependent initialisation (actnorm, Kingma &amp; Dhariwal 2018, §3.1) from a first batch; call once before
     * training.
     *
     * @param x a batch of data, (batch, ...)
     */
    public void initialize(NDArray x) {
        flow.initialize(preprocess(x, true).output(), null);
    }

    /**
     * The code of each example: z = f(t(y)) at the centre of each 8-bit value's bin (u = ½), or of the values
     * themselves for continuous data.
     *
     * @param x a batch, (batch, ...)
     * @return codes, (batch, codeShape)
     */
    public NDArray code(NDArray x) {
        return flow.forward(preprocess(x, false).output(), null).output();
    }

    /**
     * Maps codes back to data: f⁻¹, then for 8-bit data t⁻¹ and the value whose bin it falls in, as x/255 ∈ [0, 1].
     *
     * @param z codes, (n, codeShape)
     * @return data, (n, exampleShape)
     */
    public NDArray decode(NDArray z) {
        NDArray y = flow.inverse(z, null);
        return dequantization == null ? y : dequantization.inverse(y);
    }

    /**
     * Draws samples: z ~ p_Z at temperature T (N(0, T² I) for a normal base; Kingma &amp; Dhariwal 2018, §5), then
     * {@link #decode}.
     *
     * @param manager owner of the result
     * @param n how many
     * @param temperature T &gt; 0; 1 samples the model itself
     * @return data, (n, exampleShape); in [0, 1] for 8-bit data
     */
    public NDArray sample(NDManager manager, long n, float temperature) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("the sampling temperature must be > 0, got " + temperature);
        }
        return decode(base.sample(manager, batchOf(n, codeShape), temperature));
    }

    /** Reshapes to (batch, exampleShape) and dequantizes; logDet is null for continuous data. */
    private Dequantization.Result preprocess(NDArray x, boolean random) {
        long batch = x.getShape().get(0);
        if (x.getShape().size() != batch * exampleShape.size()) {
            throw new IllegalArgumentException(
                    "expected " + exampleShape.size() + " features per example, got shape " + x.getShape());
        }
        NDArray examples = x.reshape(batchOf(batch, exampleShape));
        return dequantization == null
                ? new Dequantization.Result(examples, null)
                : dequantization.forward(examples, random);
    }

    private static Shape batchOf(long n, Shape shape) {
        return new Shape(n).addAll(shape);
    }
}
