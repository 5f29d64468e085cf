package dev.vaekit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import dev.vaekit.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * A convolutional encoder over (channels, height, width) images given as flat vectors: one stage per entry of
 * {@code channels}, each a 4 × 4 convolution of stride 2 that halves the height and width, optionally followed by
 * residual blocks ({@link ResidualBlock}, which makes it a ResNet), then the nonlinearity; the last feature map is
 * flattened and a dense layer gives the outputs. Extra non-image inputs (a conditional model's one-hot label) may
 * follow the image's values on the input's last axis: they bypass the convolutions and join the flattened features
 * before the dense layer. Parameter names: {@code <prefix>.stages.<i>.down.*},
 * {@code <prefix>.stages.<i>.blocks.<j>.*}, {@code <prefix>.out.*}.
 */
public final class ConvEncoder implements Network {
    private final int channels;
    private final int height;
    private final int width;
    private final long imageFeatures;
    private final int extraInputs;
    private final List<Conv2d> downs = new ArrayList<>();
    private final List<List<ResidualBlock>> blocks = new ArrayList<>();
    private final Linear output;
    private final ActivationKind activation;

    /**
     * @param params where to create the weights
     * @param prefix name prefix ({@code encoder})
     * @param inputShape (channels, height, width) of one example
     * @param extraInputs non-image values after the image's on the input's last axis, ≥ 0
     * @param stageChannels channels of each stage's feature map; each stage halves height and width
     * @param blocksPerStage residual blocks after each downsampling (0: a plain convolutional network)
     * @param outputs width of the output
     * @param activation the nonlinearity
     */
    public ConvEncoder(
            Parameters params,
            String prefix,
            List<Integer> inputShape,
            int extraInputs,
            List<Integer> stageChannels,
            int blocksPerStage,
            int outputs,
            ActivationKind activation) {
        this.channels = inputShape.get(0);
        this.height = inputShape.get(1);
        this.width = inputShape.get(2);
        this.imageFeatures = (long) channels * height * width;
        this.extraInputs = extraInputs;
        int[] reduced = reducedSize(inputShape, stageChannels.size());
        int in = channels;
        for (int i = 0; i < stageChannels.size(); i++) {
            int out = stageChannels.get(i);
            downs.add(new Conv2d(params, prefix + ".stages." + i + ".down", in, out, 4, 2, 1, false));
            List<ResidualBlock> stage = new ArrayList<>();
            for (int j = 0; j < blocksPerStage; j++) {
                stage.add(new ResidualBlock(params, prefix + ".stages." + i + ".blocks." + j, out, activation));
            }
            blocks.add(stage);
            in = out;
        }
        this.output = new Linear(params, prefix + ".out", in * reduced[0] * reduced[1] + extraInputs, outputs);
        this.activation = activation;
    }

    /**
     * The feature map's size after the stages, checking that each halving is exact.
     *
     * @param inputShape (channels, height, width)
     * @param stages number of stride-2 stages
     * @return {height, width} after them
     * @throws InvalidInputException if the image cannot be halved that often
     */
    static int[] reducedSize(List<Integer> inputShape, int stages) {
        if (stages < 1) {
            throw new InvalidInputException(
                    "model.hidden: a convolutional network needs at least one stage (a channel count), got none");
        }
        int factor = 1 << stages;
        int h = inputShape.get(1);
        int w = inputShape.get(2);
        if (h % factor != 0 || w % factor != 0) {
            throw new InvalidInputException("model.hidden: each of its " + stages + " entries is a stage that halves "
                    + "the image, but " + h + "×" + w + " is not divisible by " + factor + "; use fewer entries");
        }
        return new int[] {h / factor, w / factor};
    }

    @Override
    public NDArray forward(NDArray input) {
        long[] shape = input.getShape().getShape();
        NDArray image = input;
        NDArray extra = null;
        if (extraInputs > 0) {
            NDList parts = input.reshape(-1, imageFeatures + extraInputs).split(new long[] {imageFeatures}, 1);
            image = parts.get(0);
            extra = parts.get(1);
        }
        NDArray h = image.reshape(-1, channels, height, width);
        for (int i = 0; i < downs.size(); i++) {
            h = downs.get(i).forward(h);
            for (ResidualBlock block : blocks.get(i)) {
                h = block.forward(h);
            }
            h = activation.apply(h);
        }
        long[] outShape = shape.clone();
        outShape[outShape.length - 1] = output.out();
        NDArray features = h.reshape(h.getShape().get(0), -1);
        if (extra != null) {
            features = NDArrays.concat(new NDList(features, extra), 1);
        }
        return output.forward(features).reshape(outShape);
    }
}
