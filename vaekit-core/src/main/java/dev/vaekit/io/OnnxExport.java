package dev.vaekit.io;

import ai.djl.ndarray.NDArray;
import ai.onnx.proto.OnnxMl;
import dev.vaekit.InvalidInputException;
import dev.vaekit.models.Autoencoder;
import dev.vaekit.models.LikelihoodKind;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.models.Prior;
import dev.vaekit.nn.ActivationKind;
import dev.vaekit.nn.NetworkKind;
import dev.vaekit.train.Configs;
import dev.vaekit.util.AtomicFiles;
import dev.vaekit.util.Versions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Writes a dense VAE's (or plain autoencoder's) encoder and decoder as two ONNX graphs (opset 13), built with Tribuo's ONNX writer, so that
 * the trained networks run in onnxruntime or any other ONNX runtime without vaekit:
 *
 * <ul>
 *   <li>{@value #ENCODER_FILE}: input {@code x}, float (N, d), to outputs {@code mu} and {@code logvar}, each (N, L):
 *       q(z|x) = N(mu, diag exp(logvar)); for a plain autoencoder the one output {@code z}, (N, L).
 *   <li>{@value #DECODER_FILE}: input {@code z}, float (N, L), to output {@code mean}, (N, d), the mean image E[x|z];
 *       for a Bernoulli decoder also {@code logits}, (N, d), with mean = sigmoid(logits).
 * </ul>
 *
 * An image of C channels (1 grey, 3 RGB), H rows and W columns is a row of d = C·H·W values, channel-major as vaekit
 * holds it: value (c·H + y)·W + x is channel c at row y, column x, so reshaping a row to (C, H, W) gives the image
 * (the config in the metadata names C, H, W as {@code inputShape}). The graphs' docstrings state the shape.
 *
 * The batch dimension N is symbolic ({@code batch}). Each layer is a {@code Gemm} on the weights exactly as stored in
 * {@code weights.safetensors} ((out, in), {@code transB = 1}), followed by the activation the model was trained with;
 * GELU is the exact erf form, x · ½ (1 + erf(x / √2)), as libtorch computes it.
 *
 * <p>Metadata: the producer is {@code vaekit} with its version; the model version is {@value #GRAPH_VERSION}; the
 * entry {@value #METADATA_MODEL} holds the model config as JSON and {@value #METADATA_GRAPH} names the network.
 */
public final class OnnxExport {
    /** File name of the encoder graph. */
    public static final String ENCODER_FILE = "encoder.onnx";
    /** File name of the decoder graph. */
    public static final String DECODER_FILE = "decoder.onnx";
    /** Metadata key of the model config (JSON). */
    public static final String METADATA_MODEL = "vaekit.model";
    /** Metadata key naming the network: {@code encoder} or {@code decoder}. */
    public static final String METADATA_GRAPH = "vaekit.graph";
    /**
     * Version of the graphs' interface (input and output names, shapes and meanings), written as the ONNX model
     * version; it changes when a reader of the old graphs could misread new ones.
     */
    public static final long GRAPH_VERSION = 1;
    /** ONNX IR version written; 7 is the first that carries opset 13. */
    static final long IR_VERSION = 7;

    private OnnxExport() {}

    /**
     * One file written.
     *
     * @param file the path
     * @param signature inputs and outputs with their shapes, e.g.
     *     {@code x[batch,784] -> mu[batch,20], logvar[batch,20]}
     */
    public record Exported(Path file, String signature) {}

    /**
     * Writes {@value #ENCODER_FILE} and {@value #DECODER_FILE} into {@code dir} (created if needed), replacing files of
     * those names; other files in {@code dir} are left alone. Each file is written atomically.
     *
     * @param model a dense VAE or plain autoencoder
     * @param dir output folder
     * @return the files written, encoder first
     * @throws InvalidInputException if the model is not dense, uses the mixed, discretized-logistic or categorical-256
     *     likelihood, the VampPrior or a condition, or {@code dir} exists and is not a folder
     */
    public static List<Exported> write(Autoencoder model, Path dir) {
        OnnxMl.ModelProto encoder = encoder(model);
        OnnxMl.ModelProto decoder = decoder(model);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidInputException(dir + ": exists and is not a folder");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create folder " + dir + ": " + e.getMessage(), e);
        }
        Path encoderFile = dir.resolve(ENCODER_FILE);
        Path decoderFile = dir.resolve(DECODER_FILE);
        AtomicFiles.write(encoderFile, encoder::writeTo);
        AtomicFiles.write(decoderFile, decoder::writeTo);
        return List.of(new Exported(encoderFile, signature(encoder)), new Exported(decoderFile, signature(decoder)));
    }

    /**
     * The encoder as an ONNX model: {@code x} (N, d) → {@code mu}, {@code logvar} (N, L) for a VAE, → {@code z} (N,
     * L) for a plain autoencoder.
     *
     * @param model a dense VAE or plain autoencoder
     * @return the model proto, weights included
     */
    public static OnnxMl.ModelProto encoder(Autoencoder model) {
        ModelConfig config = checkDense(model);
        int latentDim = config.latentDim();
        ONNXContext onnx = new ONNXContext();
        onnx.setName("vaekit_encoder");
        ONNXPlaceholder x = onnx.floatInput("x", config.inputDim());
        List<String> outputs = model.encoderOutputs();
        ONNXRef<?> out = mlp(onnx, model, "encoder", x);
        if (outputs.size() == 1) { // the code itself
            ONNXPlaceholder z = onnx.floatOutput(outputs.get(0), latentDim);
            out.assignTo(z);
            return modelProto(
                    onnx,
                    config,
                    "encoder",
                    "vaekit " + config.type() + " encoder z = enc(x): x (N, " + config.inputDim() + ") -> "
                            + outputs.get(0) + " (N, " + latentDim + ")" + layout(config));
        }
        // a Gaussian q(z|x): encoder.out holds the μ rows first, then the log σ² rows (docs/checkpoint-format.md §4)
        ONNXPlaceholder mu = onnx.floatOutput(outputs.get(0), latentDim);
        ONNXPlaceholder logVar = onnx.floatOutput(outputs.get(1), latentDim);
        List<ONNXNode> halves = onnx.operation(
                OnnxOperatorsExtra.SPLIT_IN_TWO,
                List.of(out),
                List.of(outputs.get(0) + "_split", outputs.get(1) + "_split"),
                Map.<String, Object>of("axis", 1));
        halves.get(0).assignTo(mu);
        halves.get(1).assignTo(logVar);
        return modelProto(
                onnx,
                config,
                "encoder",
                "vaekit " + config.type() + " encoder q(z|x) = N(mu, diag exp(logvar)): x (N, " + config.inputDim()
                        + ") -> mu, logvar (N, " + latentDim + ")" + layout(config));
    }

    /**
     * The decoder as an ONNX model: {@code z} (N, L) → {@code mean} (N, d), E[x|z], plus {@code logits} (N, d) for a
     * Bernoulli decoder.
     *
     * @param model a dense VAE or plain autoencoder
     * @return the model proto, weights included
     */
    public static OnnxMl.ModelProto decoder(Autoencoder model) {
        ModelConfig config = checkDense(model);
        int d = config.inputDim();
        ONNXContext onnx = new ONNXContext();
        onnx.setName("vaekit_decoder");
        ONNXPlaceholder z = onnx.floatInput("z", config.latentDim());
        ONNXPlaceholder mean = onnx.floatOutput("mean", d);
        ONNXRef<?> out = mlp(onnx, model, "decoder", z);
        String doc;
        if (model.likelihoodConfig().kind() == LikelihoodKind.BERNOULLI) {
            ONNXPlaceholder logits = onnx.floatOutput("logits", d);
            out.apply(ONNXOperators.SIGMOID).assignTo(mean);
            out.assignTo(logits);
            doc = "vaekit dense decoder, Bernoulli p(x|z): z (N, " + config.latentDim()
                    + ") -> mean = sigmoid(logits), logits (N, " + d + ")" + layout(config);
        } else {
            out.assignTo(mean);
            doc = "vaekit dense decoder, Gaussian p(x|z) ("
                    + model.likelihoodConfig().variance().id() + " sigma): z (N, " + config.latentDim()
                    + ") -> mean (N, " + d + ")" + layout(config);
        }
        return modelProto(onnx, config, "decoder", doc);
    }

    /** For images of more than one channel, how a row of d values holds them: "; d = C*H*W, channel-major". */
    private static String layout(ModelConfig config) {
        List<Integer> shape = config.inputShape();
        return shape.get(0) == 1
                ? ""
                : "; each row is a " + shape.get(0) + "x" + shape.get(1) + "x" + shape.get(2)
                        + " (channels, height, width) image, channel-major";
    }

    /**
     * Describes a graph's interface.
     *
     * @param model an ONNX model
     * @return {@code input[dims] -> output[dims], ...}, symbolic dimensions by name
     */
    public static String signature(OnnxMl.ModelProto model) {
        OnnxMl.GraphProto graph = model.getGraph();
        return describe(graph.getInputList()) + " -> " + describe(graph.getOutputList());
    }

    private static String describe(List<OnnxMl.ValueInfoProto> values) {
        return values.stream()
                .map(v -> v.getName()
                        + v.getType().getTensorType().getShape().getDimList().stream()
                                .map(dim -> dim.hasDimParam() ? dim.getDimParam() : Long.toString(dim.getDimValue()))
                                .collect(Collectors.joining(",", "[", "]")))
                .collect(Collectors.joining(", "));
    }

    private static ModelConfig checkDense(Autoencoder model) {
        ModelConfig config = model.config();
        if (config.network() != NetworkKind.DENSE) {
            throw new InvalidInputException("ONNX export supports dense networks only so far; " + config.type()
                    + " is convolutional (weights.safetensors holds the model)");
        }
        boolean standardPrior = model.latentPrior().map(Prior::standardNormal).orElse(true);
        if (!standardPrior
                || config.conditional()
                || model.encoderOutputs().isEmpty()
                || model.encoderOutputs().size() > 2) {
            throw new InvalidInputException("ONNX export supports unconditional models with the standard prior and no "
                    + "posterior flow only");
        }
        LikelihoodKind likelihood = model.likelihoodConfig().kind();
        if (likelihood == LikelihoodKind.MIXED) {
            throw new InvalidInputException("ONNX export does not support the mixed (per-column) likelihood yet; "
                    + "weights.safetensors and config.json (data.schema) hold the model");
        }
        if (likelihood == LikelihoodKind.DISCRETIZED_LOGISTIC) {
            throw new InvalidInputException("ONNX export does not support the discretized-logistic likelihood yet "
                    + "(its decoder gives mixture parameters, not E[x|z]); weights.safetensors holds the model");
        }
        if (likelihood == LikelihoodKind.CATEGORICAL_256) {
            throw new InvalidInputException("ONNX export does not support the categorical-256 likelihood yet "
                    + "(its decoder gives 256 logits per pixel, not E[x|z]); weights.safetensors holds the model");
        }
        return config;
    }

    /** The hidden layers (each a Gemm then the activation) and the output layer (a Gemm) of one network. */
    private static ONNXRef<?> mlp(ONNXContext onnx, Autoencoder model, String prefix, ONNXRef<?> input) {
        ModelConfig config = model.config();
        ONNXRef<?> h = input;
        for (int i = 0; i < config.hidden().size(); i++) {
            h = activation(onnx, config.activation(), dense(onnx, model, prefix + ".layers." + i, h));
        }
        return dense(onnx, model, prefix + ".out", h);
    }

    /** y = x Wᵀ + b with W stored (out, in), as torch.nn.Linear and vaekit's {@code Linear}. */
    private static ONNXNode dense(ONNXContext onnx, Autoencoder model, String name, ONNXRef<?> x) {
        NDArray w = parameter(model, name + ".weight");
        NDArray b = parameter(model, name + ".bias");
        int out = Math.toIntExact(w.getShape().get(0));
        int in = Math.toIntExact(w.getShape().get(1));
        float[] weights = w.toFloatArray();
        float[] biases = b.toFloatArray();
        ONNXInitializer weight = onnx.floatTensor(name + ".weight", List.of(out, in), buf -> buf.put(weights));
        ONNXInitializer bias = onnx.floatTensor(name + ".bias", List.of(out), buf -> buf.put(biases));
        return onnx.operation(
                ONNXOperators.GEMM, List.<ONNXRef<?>>of(x, weight, bias), name, Map.<String, Object>of("transB", 1));
    }

    private static NDArray parameter(Autoencoder model, String name) {
        NDArray p = model.parameters().asMap().get(name);
        if (p == null) {
            throw new IllegalStateException("model has no parameter " + name);
        }
        return p;
    }

    /** The hidden nonlinearity, computed as {@link ActivationKind#apply} computes it. */
    private static ONNXRef<?> activation(ONNXContext onnx, ActivationKind kind, ONNXRef<?> x) {
        return switch (kind) {
            case RELU -> x.apply(OnnxOperatorsExtra.RELU);
            case TANH -> x.apply(OnnxOperatorsExtra.TANH);
            case SOFTPLUS -> x.apply(OnnxOperatorsExtra.SOFTPLUS);
            case ELU -> x.apply(OnnxOperatorsExtra.ELU, Map.<String, Object>of("alpha", 1f));
            case GELU -> gelu(onnx, x);
        };
    }

    /** GELU(x) = x · ½ (1 + erf(x / √2)), the exact form (opset 13 has no Gelu operator). */
    private static ONNXRef<?> gelu(ONNXContext onnx, ONNXRef<?> x) {
        ONNXNode erf = x.apply(ONNXOperators.MUL, onnx.constant("inv_sqrt2", (float) (1 / Math.sqrt(2))))
                .apply(OnnxOperatorsExtra.ERF);
        ONNXNode onePlusErf = erf.apply(ONNXOperators.ADD, onnx.constant("one", 1f));
        return x.apply(ONNXOperators.MUL, onnx.constant("half", 0.5f)).apply(ONNXOperators.MUL, onePlusErf);
    }

    private static OnnxMl.ModelProto modelProto(ONNXContext onnx, ModelConfig config, String graph, String doc) {
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(ONNXOperators.getOpsetProto())
                .setProducerName("vaekit")
                .setProducerVersion(Versions.vaekit())
                .setDomain("dev.vaekit")
                .setModelVersion(GRAPH_VERSION)
                .setDocString(doc)
                .addMetadataProps(entry(METADATA_GRAPH, graph))
                .addMetadataProps(entry(METADATA_MODEL, Configs.toJson(config)))
                .setGraph(onnx.buildGraph())
                .build();
    }

    private static OnnxMl.StringStringEntryProto entry(String key, String value) {
        return OnnxMl.StringStringEntryProto.newBuilder()
                .setKey(key)
                .setValue(value)
                .build();
    }
}
