package dev.vaekit;

import ai.djl.ndarray.NDManager;
import dev.vaekit.engine.Engines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test on tensors: before each test, autograd recording off on the test's thread and a fresh {@link #manager}; after
 * it, the manager closed with everything made on it. A subclass's own {@code @BeforeEach} runs after the manager is
 * open and its {@code @AfterEach} before it is closed.
 */
public abstract class TensorTest {
    /** The test's manager. */
    protected NDManager manager;

    /** Opens the manager. */
    @BeforeEach
    protected void openManager() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
    }

    /** Closes the manager. */
    @AfterEach
    protected void closeManager() {
        manager.close();
    }
}
