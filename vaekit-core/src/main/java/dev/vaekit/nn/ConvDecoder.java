package dev.vaekit.nn;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The mirror of {@link ConvEncoder}: a dense layer maps the code to the smallest feature map, then one stage per entry
 * of {@code channels} (in reverse) applies optional residual blocks, the nonlinearity and a 4 × 4 transposed
 * convolution of stride 2 ({@link ConvTranspose2d}) that doubles height and width. The last stage outputs
 * {@code outputsPerPixel} channels per image channel with no nonlinearity; the result is flattened channel-major, so
 * the output's last axis holds {@code outputsPerPixel} consecutive blocks of channels·height·width values (the layout
 * the observation models read). Parameter names: {@code <prefix>.in.*}, {@code <prefix>.stages.<i>.blocks.<j>.*},
 * {@code <prefix>.stages.<i>.up.*}, stage 0 being the last applied (the one that mirrors the encoder's first).
 */
public final class ConvDecoder implements Network {
    private final Linear input;
    private final long[] mapShape;
    private final List<List<ResidualBlock>> blocks = new ArrayList<>();
    private final List<ConvTranspose2d> ups = new ArrayList<>();
    private final int outputs;
    private final ActivationKind activation;

    /**
     * @param params where to create the weights
     * @param prefix name prefix ({@code decoder})
     * @param latentDim width of the input code
     * @param imageShape (channels, height, width) of one example
     * @param stageChannels the encoder's stage channels, in the encoder's order
     * @param blocksPerStage residual blocks before each upsampling (0: a plain convolutional network)
     * @param outputsPerPixel output channels per image channel (the observation model's parameters per feature, or the
     *     feature maps a {@link PixelCnn} reads)
     * @param activation the nonlinearity
     */
    public ConvDecoder(
            Parameters params,
            String prefix,
            int latentDim,
            List<Integer> imageShape,
            List<Integer> stageChannels,
            int blocksPerStage,
            int outputsPerPixel,
            ActivationKind activation) {
        int[] reduced = ConvEncoder.reducedSize(imageShape, stageChannels.size());
        int stages = stageChannels.size();
        int deepest = stageChannels.get(stages - 1);
        this.input = new Linear(params, prefix + ".in", latentDim, deepest * reduced[0] * reduced[1]);
        this.mapShape = new long[] {-1, deepest, reduced[0], reduced[1]};
        int imageChannels = imageShape.get(0);
        for (int i = stages - 1; i >= 0; i--) {
            int in = stageChannels.get(i);
            int out = i > 0 ? stageChannels.get(i - 1) : outputsPerPixel * imageChannels;
            List<ResidualBlock> stage = new ArrayList<>();
            for (int j = 0; j < blocksPerStage; j++) {
                stage.add(new ResidualBlock(params, prefix + ".stages." + i + ".blocks." + j, in, activation));
            }
            blocks.add(stage);
            ups.add(new ConvTranspose2d(params, prefix + ".stages." + i + ".up", in, out, 4, 2, 1));
        }
        Collections.reverse(blocks);
        Collections.reverse(ups);
        this.outputs = outputsPerPixel * imageShape.get(0) * imageShape.get(1) * imageShape.get(2);
        this.activation = activation;
    }

    @Override
    public NDArray forward(NDArray code) {
        long[] shape = code.getShape().getShape();
        NDArray h = input.forward(code.reshape(-1, shape[shape.length - 1])).reshape(mapShape);
        for (int i = ups.size() - 1; i >= 0; i--) {
            for (ResidualBlock block : blocks.get(i)) {
                h = block.forward(h);
            }
            h = ups.get(i).forward(activation.apply(h));
        }
        long[] outShape = shape.clone();
        outShape[outShape.length - 1] = outputs;
        return h.reshape(outShape);
    }
}
