package dev.vaekit.io;

import ai.onnx.proto.OnnxMl;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;

/**
 * The opset-13 operators a dense VAE needs that Tribuo's {@link ONNXOperators} does not declare. Same default domain
 * and opset version as Tribuo's, so both sets go into one graph under one opset import.
 */
enum OnnxOperatorsExtra implements ONNXOperator {
    /** max(0, x). */
    RELU("Relu", 1, 0, 1, List.of()),
    /** tanh(x). */
    TANH("Tanh", 1, 0, 1, List.of()),
    /** log(1 + eˣ). */
    SOFTPLUS("Softplus", 1, 0, 1, List.of()),
    /** x for x ≥ 0, α(eˣ − 1) otherwise; {@code alpha} defaults to 1. */
    ELU("Elu", 1, 0, 1, List.of(new ONNXAttribute("alpha", OnnxMl.AttributeProto.AttributeType.FLOAT, false))),
    /** The error function, elementwise. */
    ERF("Erf", 1, 0, 1, List.of()),
    /**
     * Splits a tensor along {@code axis} into two equal halves (the optional second input gives other sizes).
     */
    SPLIT_IN_TWO("Split", 1, 1, 2, List.of(new ONNXAttribute("axis", OnnxMl.AttributeProto.AttributeType.INT, false)));

    private final String opName;
    private final int numInputs;
    private final int numOptionalInputs;
    private final int numOutputs;
    private final Map<String, ONNXAttribute> attributes;

    OnnxOperatorsExtra(
            String opName, int numInputs, int numOptionalInputs, int numOutputs, List<ONNXAttribute> attributes) {
        this.opName = opName;
        this.numInputs = numInputs;
        this.numOptionalInputs = numOptionalInputs;
        this.numOutputs = numOutputs;
        this.attributes =
                attributes.stream().collect(Collectors.toUnmodifiableMap(ONNXAttribute::getName, Function.identity()));
    }

    @Override
    public String getOpName() {
        return opName;
    }

    @Override
    public int getNumInputs() {
        return numInputs;
    }

    @Override
    public int getNumOptionalInputs() {
        return numOptionalInputs;
    }

    @Override
    public int getNumOutputs() {
        return numOutputs;
    }

    @Override
    public Map<String, ONNXAttribute> getAttributes() {
        return attributes;
    }

    @Override
    public Set<String> getMandatoryAttributeNames() {
        return attributes.values().stream()
                .filter(ONNXAttribute::isMandatory)
                .map(ONNXAttribute::getName)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public int getOpVersion() {
        return ONNXOperators.getOpsetVersion();
    }

    @Override
    public String getOpDomain() {
        return null; // the default ai.onnx domain, as Tribuo's own operators
    }
}
