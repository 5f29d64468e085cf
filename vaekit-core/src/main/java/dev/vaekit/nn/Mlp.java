package dev.vaekit.nn;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * A multi-layer perceptron: hidden dense layers each followed by the activation, then an output layer with none.
 * Parameter names are {@code <prefix>.layers.<i>.weight|bias} for hidden layer i and {@code <prefix>.out.*} for the
 * output layer.
 */
public final class Mlp implements Network {
    private final List<Linear> hidden = new ArrayList<>();
    private final Linear output;
    private final ActivationKind activation;

    /**
     * @param params where to create the weights
     * @param prefix name prefix ({@code encoder} or {@code decoder})
     * @param in input features
     * @param hiddenSizes widths of the hidden layers, possibly empty
     * @param out output features
     * @param activation nonlinearity after each hidden layer
     */
    public Mlp(
            Parameters params, String prefix, int in, List<Integer> hiddenSizes, int out, ActivationKind activation) {
        int width = in;
        for (int i = 0; i < hiddenSizes.size(); i++) {
            hidden.add(new Linear(params, prefix + ".layers." + i, width, hiddenSizes.get(i)));
            width = hiddenSizes.get(i);
        }
        this.output = new Linear(params, prefix + ".out", width, out);
        this.activation = activation;
    }

    /** Runs the network on the last axis of x. */
    @Override
    public NDArray forward(NDArray x) {
        NDArray h = x;
        for (Linear layer : hidden) {
            h = activation.apply(layer.forward(h));
        }
        return output.forward(h);
    }
}
