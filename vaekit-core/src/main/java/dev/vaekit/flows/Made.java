package dev.vaekit.flows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.vaekit.nn.Parameters;
import java.util.ArrayList;
import java.util.List;

/**
 * MADE, the masked autoencoder for distribution estimation (Germain et al. 2015): a dense ReLU network whose weight
 * matrices are multiplied by binary masks so that output i depends on the inputs that come before i in an ordering
 * only. Each input gets a degree (its place in the ordering, 1..d), each hidden unit a degree in 1..d−1 (assigned
 * in turn), and a connection is kept from degree a to a hidden unit of degree b when b ≥ a, to an output of degree b
 * when b &gt; a (eq. 12–13). With {@code reversed} the ordering runs from the last feature to the first. An optional
 * context c (the encoder's h(x) in an IAF) feeds the first hidden layer without a mask, since it does not depend on
 * the input. The output layer starts at zero, so an autoregressive flow built on it starts as a fixed affine map.
 *
 * <p>Tensor names: {@code <prefix>.layers.<i>.weight|bias}, {@code <prefix>.context.weight}, {@code
 * <prefix>.out.weight|bias}.
 */
public final class Made {
    private final List<NDArray> weights = new ArrayList<>();
    private final List<NDArray> biases = new ArrayList<>();
    private final List<NDArray> masks = new ArrayList<>();
    private final NDArray contextWeight;
    private final int dim;
    private final int outputsPerFeature;

    /**
     * @param params where the weights are created
     * @param prefix their name prefix
     * @param dim d, the number of features
     * @param hidden widths of the hidden layers, at least one
     * @param contextDim width of the context, 0 for none
     * @param reversed whether the ordering runs from feature d−1 down to 0
     * @param outputsPerFeature outputs per feature (2 for an affine step's shift and scale)
     */
    public Made(
            Parameters params,
            String prefix,
            int dim,
            List<Integer> hidden,
            int contextDim,
            boolean reversed,
            int outputsPerFeature) {
        if (hidden.isEmpty()) {
            throw new IllegalArgumentException("MADE needs at least one hidden layer");
        }
        this.dim = dim;
        this.outputsPerFeature = outputsPerFeature;
        NDManager m = params.manager();
        int[] inputDegrees = new int[dim];
        for (int i = 0; i < dim; i++) {
            inputDegrees[i] = reversed ? dim - i : i + 1;
        }
        int[] previous = inputDegrees;
        for (int l = 0; l < hidden.size(); l++) {
            int width = hidden.get(l);
            // the degrees and the mask are Java arrays of the weight's sizes: check the weight fits first
            params.requireFits(prefix + ".layers." + l + ".weight", new Shape(width, previous.length));
            int[] degrees = new int[width];
            for (int k = 0; k < width; k++) {
                degrees[k] = k % Math.max(1, dim - 1) + 1;
            }
            addLayer(params, m, prefix + ".layers." + l, previous, degrees, false);
            previous = degrees;
        }
        params.requireFits(prefix + ".out.weight", new Shape((long) dim * outputsPerFeature, previous.length));
        int[] outputDegrees = new int[dim * outputsPerFeature];
        for (int p = 0; p < outputsPerFeature; p++) {
            System.arraycopy(inputDegrees, 0, outputDegrees, p * dim, dim);
        }
        addLayer(params, m, prefix + ".out", previous, outputDegrees, true);
        this.contextWeight = contextDim > 0
                ? params.uniform(prefix + ".context.weight", new Shape(hidden.get(0), contextDim), (float)
                        (1.0 / Math.sqrt(contextDim)))
                : null;
    }

    private void addLayer(Parameters params, NDManager m, String name, int[] in, int[] out, boolean output) {
        float[] mask = new float[out.length * in.length];
        for (int o = 0; o < out.length; o++) {
            for (int i = 0; i < in.length; i++) {
                boolean keep = output ? out[o] > in[i] : out[o] >= in[i];
                mask[o * in.length + i] = keep ? 1f : 0f;
            }
        }
        float bound = output ? 0 : (float) (1.0 / Math.sqrt(in.length));
        weights.add(params.uniform(name + ".weight", new Shape(out.length, in.length), bound));
        biases.add(params.uniform(name + ".bias", new Shape(out.length), bound));
        NDArray maskArray = m.create(mask, new Shape(out.length, in.length));
        masks.add(maskArray);
    }

    /**
     * @param x inputs, (batch, d)
     * @param context (batch, contextDim), or null when the network has no context
     * @return outputs, (batch, outputsPerFeature · d): the p-th block of d columns is the p-th output of every
     *     feature
     */
    public NDArray forward(NDArray x, NDArray context) {
        NDArray h = x;
        int last = weights.size() - 1;
        for (int l = 0; l < last; l++) {
            NDArray pre = h.matMul(weights.get(l).mul(masks.get(l)).transpose()).add(biases.get(l));
            if (l == 0 && contextWeight != null) {
                pre = pre.add(context.matMul(contextWeight.transpose()));
            }
            h = Activation.relu(pre);
        }
        return h.matMul(weights.get(last).mul(masks.get(last)).transpose()).add(biases.get(last));
    }

    /** @return d */
    public int dim() {
        return dim;
    }

    /** @return outputs per feature */
    public int outputsPerFeature() {
        return outputsPerFeature;
    }
}
