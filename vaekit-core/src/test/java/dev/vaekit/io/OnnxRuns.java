package dev.vaekit.io;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.vaekit.Fixtures;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Exported graphs run in onnxruntime, on one thread, and their outputs compared with vaekit's. */
final class OnnxRuns {
    /** Largest |vaekit − onnxruntime| accepted, per value (issue 3). */
    static final double TOLERANCE = 1e-5;

    private OnnxRuns() {}

    /**
     * @param file an exported graph
     * @return an onnxruntime session of it on one intra-op thread
     */
    static OrtSession session(Path file) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        return OrtEnvironment.getEnvironment().createSession(file.toString(), options);
    }

    /**
     * Runs a one-input graph on an (n, width) batch, checking that every output has n rows.
     *
     * @return every output, flattened, by name
     */
    static Map<String, float[]> run(OrtSession session, String input, float[] values, int n, int width)
            throws OrtException {
        Map<String, float[]> outputs = new LinkedHashMap<>();
        try (OnnxTensor tensor = OnnxTensor.createTensor(
                        OrtEnvironment.getEnvironment(), FloatBuffer.wrap(values), new long[] {n, width});
                OrtSession.Result result = session.run(Map.of(input, tensor))) {
            result.forEach(e -> {
                OnnxTensor t = (OnnxTensor) e.getValue();
                assertThat(t.getInfo().getShape()).as("%s", e.getKey()).startsWith((long) n);
                FloatBuffer buffer = t.getFloatBuffer();
                float[] flat = new float[buffer.remaining()];
                buffer.get(flat);
                outputs.put(e.getKey(), flat);
            });
        }
        return outputs;
    }

    /**
     * Checks that onnxruntime's values are vaekit's within {@link #TOLERANCE}.
     *
     * @param onnx onnxruntime's output, flattened
     * @param vaekit vaekit's
     * @param what the output, for the message
     */
    static void assertClose(float[] onnx, NDArray vaekit, String what) {
        float[] expected = vaekit.toFloatArray();
        assertThat(onnx).as(what).hasSameSizeAs(expected);
        assertThat(Fixtures.maxAbsDiff(onnx, expected))
                .as("max |onnxruntime - vaekit| of %s", what)
                .isLessThanOrEqualTo(TOLERANCE);
    }
}
