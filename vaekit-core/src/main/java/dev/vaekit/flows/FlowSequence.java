package dev.vaekit.flows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * A composition f = f_K ∘ … ∘ f_1 of flow layers. Its log-determinant is the sum of theirs (chain rule), its inverse
 * runs the layers' inverses in reverse order.
 */
public final class FlowSequence implements FlowLayer {
    private final List<FlowLayer> layers;

    /** @param layers f_1 … f_K in the order they apply; may be empty (the identity) */
    public FlowSequence(List<FlowLayer> layers) {
        this.layers = List.copyOf(layers);
    }

    /** @return the layers, in the order they apply */
    public List<FlowLayer> layers() {
        return layers;
    }

    @Override
    public Result forward(NDArray x, NDArray context) {
        NDArray h = x;
        NDArray logDet = x.getManager().zeros(new Shape(x.getShape().get(0)));
        for (FlowLayer layer : layers) {
            Result r = layer.forward(h, context);
            h = r.output();
            logDet = logDet.add(r.logDet());
        }
        return new Result(h, logDet);
    }

    @Override
    public NDArray inverse(NDArray y, NDArray context) {
        NDArray h = y;
        for (int i = layers.size() - 1; i >= 0; i--) {
            h = layers.get(i).inverse(h, context);
        }
        return h;
    }

    @Override
    public boolean invertible() {
        return layers.stream().allMatch(FlowLayer::invertible);
    }

    /** Initialises each layer in turn on the batch as transformed by the layers before it. */
    @Override
    public void initialize(NDArray x, NDArray context) {
        NDArray h = x;
        for (FlowLayer layer : layers) {
            layer.initialize(h, context);
            h = layer.forward(h, context).output();
        }
    }

    /** Switches every layer. */
    @Override
    public void setTraining(boolean training) {
        layers.forEach(layer -> layer.setTraining(training));
    }
}
