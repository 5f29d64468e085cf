package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.vaekit.data.Dataset;
import dev.vaekit.data.Datasets;
import dev.vaekit.distributions.DiagonalGaussian;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.Vae;
import dev.vaekit.train.Checkpoint;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path run;

    @BeforeAll
    static void train() {
        run = Cli.trainSmallRun(shared.resolve("run"), 1);
    }

    @Test
    void writesGraphsThatComputeWhatTheRunComputesInOnnxruntime() throws Exception {
        Path out = dir.resolve("onnx");

        Cli.Result r = Cli.ok("export", run.toString(), "--format", "onnx", "--out", out.toString());

        assertThat(r.out().lines())
                .containsExactly(
                        "wrote " + out.resolve("encoder.onnx") + "  x[batch,784] -> mu[batch,8], logvar[batch,8]",
                        "wrote " + out.resolve("decoder.onnx") + "  z[batch,8] -> mean[batch,784], logits[batch,784]");
        int n = 32;
        Dataset test = Datasets.load("mnist-mini", null).testRows().slice(0, n);
        OrtEnvironment ort = OrtEnvironment.getEnvironment();
        try (NDManager manager = Engines.newManager();
                OrtSession encoder =
                        ort.createSession(out.resolve("encoder.onnx").toString());
                OrtSession decoder =
                        ort.createSession(out.resolve("decoder.onnx").toString())) {
            Engines.disableGradOnThisThread();
            Vae model = (Vae) Checkpoint.load(run, manager).model();
            DiagonalGaussian q = model.encode(manager.create(test.features(), new Shape(n, 784)));
            Map<String, float[]> encoded = run(ort, encoder, "x", test.features(), n, 784);
            assertClose(encoded.get("mu"), q.mean());
            assertClose(encoded.get("logvar"), q.logVar());

            NDArray logits = model.decode(q.mean());
            Map<String, float[]> decoded = run(ort, decoder, "z", q.mean().toFloatArray(), n, 8);
            assertClose(decoded.get("mean"), model.observation().mean(logits));
            assertClose(decoded.get("logits"), logits);
        }
    }

    /** At most 1e-5 apart in every value (issue 3). */
    private static void assertClose(float[] onnx, NDArray vaekit) {
        float[] expected = vaekit.toFloatArray();
        assertThat(onnx).hasSameSizeAs(expected);
        double max = 0;
        for (int i = 0; i < onnx.length; i++) {
            max = Math.max(max, Math.abs((double) onnx[i] - expected[i]));
        }
        assertThat(max).as("max |onnxruntime - vaekit|").isLessThanOrEqualTo(1e-5);
    }

    private static Map<String, float[]> run(
            OrtEnvironment ort, OrtSession session, String input, float[] values, int n, int width)
            throws OrtException {
        Map<String, float[]> outputs = new LinkedHashMap<>();
        try (OnnxTensor tensor = OnnxTensor.createTensor(ort, FloatBuffer.wrap(values), new long[] {n, width});
                OrtSession.Result result = session.run(Map.of(input, tensor))) {
            result.forEach(e -> {
                FloatBuffer buffer = ((OnnxTensor) e.getValue()).getFloatBuffer();
                float[] flat = new float[buffer.remaining()];
                buffer.get(flat);
                outputs.put(e.getKey(), flat);
            });
        }
        return outputs;
    }

    @Test
    void theDefaultFolderIsOnnxInTheRunFolder() {
        Path copy = Cli.copy(run, dir.resolve("run"));

        Cli.ok("export", copy.toString());

        assertThat(copy.resolve("onnx/encoder.onnx")).isNotEmptyFile();
        assertThat(copy.resolve("onnx/decoder.onnx")).isNotEmptyFile();
        // the run stays a valid checkpoint
        Cli.ok("sample", copy.toString(), "--n", "1");
    }

    @Test
    void anotherFormatIsBadInput() {
        Path out = dir.resolve("out");

        String line = Cli.assertBadInput(
                Cli.run("export", run.toString(), "--format", "torchscript", "--out", out.toString()));

        assertThat(line)
                .startsWith("vaekit export: ")
                .contains("--format must be onnx")
                .contains("torchscript");
        assertThat(out).doesNotExist();
    }

    @Test
    void aFileInPlaceOfTheOutputFolderIsBadInput() throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "x");

        String line = Cli.assertBadInput(Cli.run("export", run.toString(), "--out", file.toString()));

        assertThat(line).contains(file.toString()).contains("not a folder");
        assertThat(file).hasContent("x");
    }

    @Test
    void aFolderThatIsNotARunIsBadInput() {
        String line = Cli.assertBadInput(Cli.run("export", dir.toString()));

        assertThat(line).contains("not a vaekit run folder");
    }
}
