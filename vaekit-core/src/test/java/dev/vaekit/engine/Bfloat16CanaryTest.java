package dev.vaekit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A canary for a defect of DJL (0.35.1 and 0.36.0): converting a tensor to bfloat16 from Java
 * ({@code toType(BFLOAT16)}) kills the JVM ("terminate called without an active exception", exit 134), so vaekit
 * cannot train or evaluate in bfloat16 through DJL's Java API (bench/bf16-matmul.sh measures bf16 products through
 * TorchScript instead). The conversion runs in a JVM of its own. When this test fails, the conversion works: the
 * mixed-precision measurements of issue 32 can then be made from Java, and this test can go.
 */
class Bfloat16CanaryTest {
    /** Run in the child JVM: converts a small tensor to bfloat16 and back, and prints the values. */
    public static void main(String[] args) {
        try (NDManager manager = Engines.newManager()) {
            NDArray x = manager.create(new float[] {1f, 1.5f, -2.25f, 3.140625f}, new Shape(4));
            NDArray back = x.toType(DataType.BFLOAT16, false).toType(DataType.FLOAT32, false);
            System.out.println("converted " + Arrays.toString(back.toFloatArray()));
        }
    }

    @Test
    void convertingToBfloat16FromJavaStillKillsTheJvm() throws Exception {
        Process child = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-XX:-CreateCoredumpOnCrash",
                        "-Dai.djl.pytorch.num_threads=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Bfloat16CanaryTest.class.getName()))
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(600, TimeUnit.SECONDS)).as("a hang guard").isTrue();

        assertThat(output)
                .as("the child's output; if it converted, DJL's bfloat16 works now (see the class comment)")
                .doesNotContain("converted");
        assertThat(child.exitValue()).as(output).isNotZero();
        assertThat(output).contains("terminate called");
    }
}
