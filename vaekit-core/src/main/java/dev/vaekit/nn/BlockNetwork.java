package dev.vaekit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

/**
 * A DJL {@link Block} as a vaekit {@link Network}, so that a network built with DJL's layers ({@code
 * SequentialBlock}, {@code Linear}, {@code Conv2d}, ...) can be a model's encoder or decoder. The block is initialised
 * by its own initialisers for the given input shape, and its parameters are handed to vaekit's {@link Parameters}
 * under {@code prefix.<DJL's parameter name>}: the optimiser trains them, checkpoints save them and the weight average
 * follows them like any other. The block reads (batch, inputs) and must give (batch, outputs); {@link #setTraining}
 * is passed on to it as DJL's training flag (dropout, batch norm).
 */
public final class BlockNetwork implements Network {
    private final Block block;
    private final ParameterStore store;
    private boolean training;

    /**
     * Initialises the block and adopts its parameters.
     *
     * @param block the DJL block, not yet initialised
     * @param parameters where its parameters go
     * @param prefix their name prefix, {@code encoder} or {@code decoder}
     * @param inputs the width of one input row
     */
    public BlockNetwork(Block block, Parameters parameters, String prefix, int inputs) {
        this.block = block;
        block.initialize(parameters.manager(), DataType.FLOAT32, new Shape(1, inputs));
        for (Pair<String, Parameter> p : block.getParameters()) {
            parameters.adopt(prefix + "." + p.getKey(), p.getValue().getArray());
        }
        this.store = new ParameterStore(parameters.manager(), false);
    }

    @Override
    public NDArray forward(NDArray input) {
        Shape shape = input.getShape();
        long rows = shape.size() / shape.get(shape.dimension() - 1);
        NDArray flat = input.reshape(rows, shape.get(shape.dimension() - 1));
        NDArray out = block.forward(store, new NDList(flat), training).singletonOrThrow();
        long[] target = shape.getShape().clone();
        target[target.length - 1] = out.getShape().get(1);
        return out.reshape(new Shape(target));
    }

    @Override
    public void setTraining(boolean training) {
        this.training = training;
    }
}
