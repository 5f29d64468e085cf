package dev.vaekit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.vaekit.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The trainable tensors of a model, by dotted name ({@code encoder.layers.0.weight}), in creation order. Owns them
 * through one manager; closing it frees them. The names are the keys of {@code weights.safetensors}.
 *
 * <p>Besides parameters it holds <em>buffers</em> ({@link #buffer}): named state that is saved and loaded with the
 * weights but is not trained, such as the running averages of batch normalization. Buffers record no gradient and
 * are not in {@link #asMap()}, so the optimiser never sees them; they are written in place with {@link #assign}.
 *
 * <p>Every tensor is checked against {@link ParameterMemory}'s limits before it is allocated, so a network too large
 * for the machine is refused ({@link ParameterMemory.TooLargeException}) instead of asking the engine for the memory.
 */
public final class Parameters implements AutoCloseable {
    private final NDManager manager;
    private final ParameterMemory memory;
    private long values;
    private final Map<String, NDArray> byName = new LinkedHashMap<>();
    private final Map<String, NDArray> gradients = new LinkedHashMap<>();
    private final Map<String, NDArray> buffers = new LinkedHashMap<>();
    private final Map<String, List<String>> addable = new LinkedHashMap<>();

    /** @param parent manager under which the parameters live; the limits are this machine's */
    public Parameters(NDManager parent) {
        this(parent, ParameterMemory.ofThisMachine());
    }

    /**
     * @param parent manager under which the parameters live
     * @param memory the limits every tensor is checked against before it is allocated
     */
    public Parameters(NDManager parent, ParameterMemory memory) {
        this.memory = memory;
        this.manager = parent.newSubManager();
    }

    /** @return the manager that owns the parameters */
    public NDManager manager() {
        return manager;
    }

    /**
     * Creates a parameter drawn from U(−bound, bound), PyTorch's default for linear layers when bound = 1/√fan_in.
     *
     * @param name unique dotted name
     * @param shape shape
     * @param bound half-width of the uniform; 0 gives zeros
     * @return the parameter, recording gradients
     */
    public NDArray uniform(String name, Shape shape, float bound) {
        reserve(name, shape);
        NDArray p = bound == 0 ? manager.zeros(shape) : manager.randomUniform(-bound, bound, shape);
        return register(name, p);
    }

    /**
     * Creates a parameter filled with one value.
     *
     * @param name unique dotted name
     * @param shape shape
     * @param value fill value
     * @return the parameter, recording gradients
     */
    public NDArray constant(String name, Shape shape, float value) {
        reserve(name, shape);
        return register(name, manager.full(shape, value, DataType.FLOAT32));
    }

    /**
     * Creates a parameter drawn from N(mean, std²).
     *
     * @param name unique dotted name
     * @param shape shape
     * @param mean the mean
     * @param std the standard deviation
     * @return the parameter, recording gradients
     */
    public NDArray normal(String name, Shape shape, float mean, float std) {
        reserve(name, shape);
        return register(name, manager.randomNormal(mean, std, shape, DataType.FLOAT32));
    }

    /**
     * Creates a parameter holding a copy of a tensor's values (e.g. a weight-norm length initialised to a norm).
     *
     * @param name unique dotted name
     * @param values the initial values, not kept
     * @return the parameter, recording gradients
     */
    public NDArray copyOf(String name, NDArray values) {
        reserve(name, values.getShape());
        try (NDArray detached = values.stopGradient()) {
            NDArray copy = detached.duplicate();
            copy.attach(manager);
            return register(name, copy);
        }
    }

    /**
     * Creates a buffer: a named tensor saved and loaded with the parameters but never trained (no gradient, not in
     * {@link #asMap()}, so the optimiser leaves it alone). Update it with {@link #assign}.
     *
     * @param name unique dotted name, distinct from every parameter's
     * @param shape shape
     * @param value fill value
     * @return the buffer
     */
    public NDArray buffer(String name, Shape shape, float value) {
        checkUnique(name);
        reserve(name, shape);
        NDArray b = manager.full(shape, value, DataType.FLOAT32);
        b.setName(name);
        buffers.put(name, b);
        return b;
    }

    /** @return name → buffer, in creation order, unmodifiable */
    public Map<String, NDArray> buffers() {
        return Collections.unmodifiableMap(buffers);
    }

    private void checkUnique(String name) {
        if (byName.containsKey(name) || buffers.containsKey(name)) {
            throw new IllegalArgumentException("duplicate parameter name " + name);
        }
    }

    /**
     * Takes over a tensor made elsewhere as a parameter, e.g. the weights of a DJL block ({@link BlockNetwork}): it
     * moves to this manager and records gradients.
     *
     * @param name unique dotted name
     * @param array the tensor; it is kept, not copied
     * @return the parameter
     */
    public NDArray adopt(String name, NDArray array) {
        reserve(name, array.getShape());
        array.attach(manager);
        return register(name, array);
    }

    /**
     * Checks, without creating it, that a parameter of this shape would fit now: for layers that build Java arrays of a
     * weight's size (masks, degrees) before creating the weight.
     *
     * @param name the parameter's name, for the message
     * @param shape its shape
     * @throws ParameterMemory.TooLargeException if it, or all parameters with it, would not fit
     */
    public void requireFits(String name, Shape shape) {
        memory.check(name, shape, values);
    }

    /**
     * Counts a tensor against the memory limits before it is allocated (or, for one made elsewhere, taken over).
     *
     * @throws ParameterMemory.TooLargeException if it, or all parameters with it, would not fit
     */
    private void reserve(String name, Shape shape) {
        values = memory.check(name, shape, values);
    }

    private NDArray register(String name, NDArray p) {
        checkUnique(name);
        p.setName(name);
        p.setRequiresGradient(true);
        byName.put(name, p);
        return p;
    }

    /** @return name → parameter, in creation order, unmodifiable */
    public Map<String, NDArray> asMap() {
        return Collections.unmodifiableMap(byName);
    }

    /** @return the number of scalar weights */
    public long count() {
        return byName.values().stream().mapToLong(p -> p.getShape().size()).sum();
    }

    /**
     * The gradient buffer of a parameter. DJL makes a new wrapper on every {@code getGradient()} call, so the first
     * one is cached; it stays valid because gradients are zeroed in place.
     *
     * @param name parameter name
     * @return its gradient (after at least one backward pass)
     */
    public NDArray gradient(String name) {
        return gradients.computeIfAbsent(name, n -> {
            NDArray g = byName.get(n).getGradient();
            NDScope.unregister(g); // lives as long as the parameter, not the step that first asked for it
            return g;
        });
    }

    /** Zeroes every gradient in place (gradients accumulate across backward passes otherwise). */
    public void zeroGradients() {
        for (NDArray p : byName.values()) {
            JniUtils.zeroGrad((PtNDArray) p);
        }
    }

    /** @return copies of the parameters and then the buffers, named, for saving */
    public NDList snapshot() {
        NDList list = new NDList();
        for (Map.Entry<String, NDArray> e : allTensors().entrySet()) {
            try (NDArray detached = e.getValue().stopGradient()) {
                NDArray copy = detached.duplicate();
                copy.setName(e.getKey());
                list.add(copy);
            }
        }
        return list;
    }

    /** @return parameters, then buffers, by name */
    private Map<String, NDArray> allTensors() {
        Map<String, NDArray> all = new LinkedHashMap<>(byName);
        all.putAll(buffers);
        return all;
    }

    /**
     * Overwrites every parameter and buffer in place with the tensor of the same name.
     *
     * @param source named tensors, e.g. decoded from safetensors
     * @param origin where they came from, for messages
     * @throws InvalidInputException if a name is missing or extra, or a shape or type differs
     */
    public void load(NDList source, String origin) {
        load(source, origin, false);
    }

    /**
     * Declares a layer that a trained model may gain: all parameters named {@code prefix.*}, which compute the
     * identity when the given ones are zero, like a residual block y = x + F(x) whose last convolution has zero scale
     * and bias. A deeper model may then start from a shallower one's weights with such layers added, and computes
     * exactly the shallower model's function (Net2DeeperNet, Chen et al. 2016, "Net2Net", §3.2): see {@link
     * #load(NDList, String, boolean)}.
     *
     * @param prefix the layer's name prefix, e.g. {@code flow.0.checkerboard.0.blocks.2}
     * @param zeroAtStart its parameters that are set to zero when it is added; the others keep their initial values
     */
    public void markAddable(String prefix, NDArray... zeroAtStart) {
        List<String> names = new ArrayList<>();
        for (NDArray p : zeroAtStart) {
            if (byName.get(p.getName()) != p || !p.getName().startsWith(prefix + ".")) {
                throw new IllegalArgumentException("not a parameter of this set under " + prefix + ": " + p.getName());
            }
            names.add(p.getName());
        }
        addable.put(prefix, names);
    }

    /**
     * Overwrites every parameter and buffer in place with the tensor of the same name, optionally into a deeper
     * model.
     *
     * @param source named tensors, e.g. decoded from safetensors
     * @param origin where they came from, for messages
     * @param deeper whether this set may hold whole layers that the source lacks, each one {@linkplain #markAddable
     *     declared addable}: they start as the identity
     * @throws InvalidInputException if a name is missing (and, for a deeper load, not an identity layer's) or extra,
     *     or a shape or type differs
     */
    public void load(NDList source, String origin, boolean deeper) {
        Map<String, NDArray> given = new LinkedHashMap<>();
        for (NDArray a : source) {
            given.put(a.getName(), a);
        }
        Set<String> added = deeper ? addedLayers(given.keySet()) : Set.of();
        for (Map.Entry<String, NDArray> e : allTensors().entrySet()) {
            NDArray src = given.remove(e.getKey());
            NDArray dst = e.getValue();
            String layer = src == null ? layerOf(e.getKey()) : null;
            if (layer != null && added.contains(layer)) {
                if (addable.get(layer).contains(e.getKey())) {
                    assign(dst, dst.zerosLike());
                }
                continue;
            }
            if (src == null) {
                throw new InvalidInputException(origin + ": tensor '" + e.getKey() + "' is missing"
                        + (deeper ? ", and it is not part of a layer that can be added as the identity" : ""));
            }
            if (!src.getShape().equals(dst.getShape()) || src.getDataType() != DataType.FLOAT32) {
                throw new InvalidInputException(origin + ": tensor '" + e.getKey() + "' has " + src.getDataType() + " "
                        + src.getShape() + ", expected float32 " + dst.getShape());
            }
            // write through the parameter's memory: NDArray.set goes through a deprecated libtorch guard that prints
            // a warning on stderr
            JniUtils.getByteBuffer((PtNDArray) dst, true).put(src.toByteBuffer());
        }
        if (!given.isEmpty()) {
            throw new InvalidInputException(origin + ": unexpected tensors " + given.keySet());
        }
    }

    /** @return the addable layers none of whose tensors the source holds */
    private Set<String> addedLayers(Set<String> sourceNames) {
        Set<String> added = new LinkedHashSet<>(addable.keySet());
        for (String name : sourceNames) {
            added.remove(layerOf(name));
        }
        return added;
    }

    /** @return the addable layer a tensor belongs to, or null */
    private String layerOf(String name) {
        for (String prefix : addable.keySet()) {
            if (name.startsWith(prefix + ".")) {
                return prefix;
            }
        }
        return null;
    }

    /**
     * Overwrites one parameter or buffer in place, outside autograd (a data-dependent initialisation such as
     * actnorm's, the running averages of batch normalization).
     *
     * @param parameter a parameter or buffer of this set
     * @param values float32 values of its shape
     */
    public void assign(NDArray parameter, NDArray values) {
        if (!parameter.getShape().equals(values.getShape()) || values.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("cannot assign " + values.getDataType() + " " + values.getShape()
                    + " to a float32 parameter of shape " + parameter.getShape());
        }
        JniUtils.getByteBuffer((PtNDArray) parameter, true).put(values.toByteBuffer());
    }

    @Override
    public void close() {
        manager.close();
    }
}
