package dev.vaekit.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.engine.Engines;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parameters are checked against the memory limits before they are allocated. */
class ParameterMemoryTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void valuesOfAShapeSaturateInsteadOfOverflowing() {
        assertThat(ParameterMemory.values(new Shape(2147483647L, 784))).isEqualTo(2147483647L * 784);
        // (2^31 − 1)² · 9 is about 4·10^19, beyond a long
        assertThat(ParameterMemory.values(new Shape(2147483647L, 2147483647L, 3, 3)))
                .isEqualTo(Long.MAX_VALUE);
        assertThat(ParameterMemory.values(new Shape())).isEqualTo(1);
    }

    @Test
    void bytesAreWrittenForPeople() {
        assertThat(ParameterMemory.bytes(999)).isEqualTo("999 bytes");
        assertThat(ParameterMemory.bytes(2147483647L * 784 * 4)).isEqualTo("6.7 TB");
        assertThat(ParameterMemory.bytes(1_500_000)).isEqualTo("1.5 MB");
    }

    @Test
    void aTensorLargerThanOneTensorMayHoldIsRefusedBeforeItIsAllocated() {
        // at most 100 bytes a tensor (25 floats), 10 kB for all
        try (Parameters params = new Parameters(manager, new ParameterMemory(100, 10_000))) {
            params.uniform("ok", new Shape(5, 5), 0.1f);
            assertThatThrownBy(() -> params.uniform("layer.weight", new Shape(2, 13), 0.1f))
                    .isInstanceOf(ParameterMemory.TooLargeException.class)
                    .hasMessage(
                            "parameter layer.weight would hold 2x13 float32 values (104 bytes), more than one tensor"
                                    + " may (100 bytes: a checkpoint copies each tensor into one Java array on the JVM's"
                                    + " heap)");
            assertThat(params.asMap()).containsOnlyKeys("ok");
            assertThat(params.count()).isEqualTo(25);
        }
    }

    @Test
    void parametersThatTogetherExceedTheMachineAreRefusedAtTheOneThatCrossesTheLimit() {
        // 4 copies of 4 bytes: 16 kB hold 1000 values
        try (Parameters params = new Parameters(manager, new ParameterMemory(4000, 16_000))) {
            params.constant("a", new Shape(600), 0f);
            params.buffer("b", new Shape(400), 0f); // buffers count too: 1000 values, exactly the limit
            ParameterMemory.TooLargeException e = org.junit.jupiter.api.Assertions.assertThrows(
                    ParameterMemory.TooLargeException.class, () -> params.normal("c", new Shape(10, 10), 0f, 1f));
            assertThat(e)
                    .hasMessage("the parameters would reach 1100 float32 values with c (10x10), 17.6 kB to train"
                            + " (weights, gradients and Adam's two moments), more than the 16.0 kB of memory"
                            + " available");
            assertThat(e.parameter()).isEqualTo("c");
            assertThat(e.sizes()).containsExactly(10L, 10L);
            assertThat(params.asMap()).containsOnlyKeys("a");
        }
    }

    @Test
    void memAvailableIsReadFromMeminfo(@TempDir Path dir) throws Exception {
        Path meminfo = Files.writeString(
                dir.resolve("meminfo"), "MemTotal:       24000000 kB\nMemFree:  100 kB\nMemAvailable:   20000000 kB\n");
        assertThat(ParameterMemory.memAvailable(meminfo)).isEqualTo(20_000_000L * 1024);
        assertThat(ParameterMemory.memAvailable(Files.writeString(dir.resolve("old"), "MemTotal: 1 kB\n")))
                .isEqualTo(-1);
        assertThat(ParameterMemory.memAvailable(dir.resolve("none"))).isEqualTo(-1);
        assertThat(ParameterMemory.availableMemory()).isPositive();
    }

    @Test
    void thisMachineCannotHoldAWidthOfTwoToTheThirtyOne() {
        ParameterMemory limits = ParameterMemory.ofThisMachine();
        assertThat(limits.tensorBytes()).isLessThanOrEqualTo(Integer.MAX_VALUE);
        assertThat(limits.totalBytes()).isPositive();
        try (Parameters params = new Parameters(manager)) {
            assertThatThrownBy(() -> params.uniform("encoder.layers.0.weight", new Shape(2147483647L, 784), 0.1f))
                    .isInstanceOf(ParameterMemory.TooLargeException.class)
                    .hasMessageStartingWith("parameter encoder.layers.0.weight would hold 2147483647x784 float32"
                            + " values (6.7 TB), more than one tensor may");
            assertThat(params.count()).isZero();
        }
    }
}
