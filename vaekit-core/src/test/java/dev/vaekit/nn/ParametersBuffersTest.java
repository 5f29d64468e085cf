package dev.vaekit.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.InvalidInputException;
import dev.vaekit.engine.Engines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Buffers: saved and loaded with the parameters by name, but not trainable and not counted. */
class ParametersBuffersTest {
    private NDManager manager;
    private Parameters params;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
        params = new Parameters(manager);
    }

    @AfterEach
    void close() {
        params.close();
        manager.close();
    }

    @Test
    void aBufferIsSavedAndLoadedButIsNoParameter() {
        params.constant("w", new Shape(2), 0.5f);
        params.buffer("running", new Shape(3), 1f);
        assertThat(params.asMap()).containsOnlyKeys("w");
        assertThat(params.count()).isEqualTo(2);
        assertThat(params.buffers().get("running").hasGradient()).isFalse();

        try (NDList saved = params.snapshot();
                Parameters other = new Parameters(manager)) {
            assertThat(saved).hasSize(2);
            other.constant("w", new Shape(2), 0f);
            other.buffer("running", new Shape(3), 0f);
            other.load(saved, "saved");
            assertThat(other.buffers().get("running").toFloatArray()).containsExactly(1f, 1f, 1f);
            assertThat(other.asMap().get("w").toFloatArray()).containsExactly(0.5f, 0.5f);
        }
    }

    @Test
    void loadingWithoutTheBufferFailsAndNamesAreSharedWithParameters() {
        params.constant("w", new Shape(2), 0.5f);
        try (NDList weightsOnly = params.snapshot()) {
            params.buffer("running", new Shape(3), 1f);
            assertThatThrownBy(() -> params.load(weightsOnly, "old.safetensors"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("old.safetensors: tensor 'running' is missing");
        }
        assertThatThrownBy(() -> params.buffer("w", new Shape(1), 0f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate parameter name w");
        assertThatThrownBy(() -> params.constant("running", new Shape(1), 0f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate parameter name running");
    }
}
