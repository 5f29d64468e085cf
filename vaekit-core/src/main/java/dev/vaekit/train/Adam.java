package dev.vaekit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.vaekit.InvalidInputException;
import dev.vaekit.engine.Tensors;
import dev.vaekit.nn.Parameters;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (Kingma &amp; Ba 2015, algorithm 1) in its efficient form: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ −
 * α·√(1−β₂ᵗ)/(1−β₁ᵗ) · m/(√v + ε̂). One fused native update per parameter, then its gradient is zeroed in place.
 * The moments are saved with every checkpoint so a resumed run continues exactly.
 */
public final class Adam implements AutoCloseable {
    private static final float EPSILON = 1e-8f;

    private final Parameters parameters;
    private final NDManager manager;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private final float beta1;
    private final float beta2;
    private long step;

    /**
     * @param parameters what to optimise
     * @param beta1 decay of the first moment
     * @param beta2 decay of the second moment
     */
    public Adam(Parameters parameters, double beta1, double beta2) {
        this.parameters = parameters;
        this.manager = parameters.manager().newSubManager();
        this.beta1 = (float) beta1;
        this.beta2 = (float) beta2;
        for (Map.Entry<String, NDArray> e : parameters.asMap().entrySet()) {
            firstMoments.put(e.getKey(), manager.zeros(e.getValue().getShape()));
            secondMoments.put(e.getKey(), manager.zeros(e.getValue().getShape()));
        }
    }

    /** @return updates applied so far (t) */
    public long step() {
        return step;
    }

    /**
     * The global gradient norm ‖g‖₂ over all parameters, for clipping.
     *
     * @return the norm
     */
    public double gradientNorm() {
        try (NDManager scratch = manager.newSubManager()) {
            NDList squares = new NDList();
            for (String name : parameters.asMap().keySet()) {
                NDArray g = parameters.gradient(name);
                NDArray sq = g.square().sum();
                sq.attach(scratch);
                squares.add(sq);
            }
            NDArray total = NDArrays.stack(squares).sum();
            total.attach(scratch);
            return Math.sqrt(Tensors.scalar(total));
        }
    }

    /**
     * Applies one update with the current gradients, then zeroes them.
     *
     * @param learningRate α for this step
     * @param gradientScale factor applied to every gradient first (clipping uses it); 1 for none
     */
    public void update(double learningRate, double gradientScale) {
        step++;
        double correction = Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(beta1, step));
        for (Map.Entry<String, NDArray> e : parameters.asMap().entrySet()) {
            String name = e.getKey();
            JniUtils.adamUpdate(
                    (PtNDArray) e.getValue(),
                    (PtNDArray) parameters.gradient(name),
                    (PtNDArray) firstMoments.get(name),
                    (PtNDArray) secondMoments.get(name),
                    (float) learningRate,
                    (float) (learningRate * correction),
                    0f,
                    (float) gradientScale,
                    -1f,
                    beta1,
                    beta2,
                    EPSILON,
                    false);
        }
        parameters.zeroGradients();
    }

    /** @return copies of the moments named {@code <param>.m} and {@code <param>.v}, for saving */
    public NDList snapshot() {
        NDList list = new NDList();
        for (String name : parameters.asMap().keySet()) {
            NDArray m = firstMoments.get(name).duplicate();
            m.setName(name + ".m");
            NDArray v = secondMoments.get(name).duplicate();
            v.setName(name + ".v");
            list.add(m);
            list.add(v);
        }
        return list;
    }

    /**
     * Restores the moments and the step counter.
     *
     * @param saved tensors written by {@link #snapshot()}
     * @param savedStep the step counter at that time
     * @param origin where they came from, for messages
     */
    public void restore(NDList saved, long savedStep, String origin) {
        for (String name : parameters.asMap().keySet()) {
            copyInto(saved, name + ".m", firstMoments.get(name), origin);
            copyInto(saved, name + ".v", secondMoments.get(name), origin);
        }
        this.step = savedStep;
    }

    private static void copyInto(NDList saved, String name, NDArray target, String origin) {
        NDArray src = saved.get(name);
        if (src == null || !src.getShape().equals(target.getShape())) {
            throw new InvalidInputException(origin + ": optimizer tensor '" + name + "' is missing or has the wrong shape");
        }
        target.set(src.toByteBuffer());
    }

    @Override
    public void close() {
        manager.close();
    }
}
