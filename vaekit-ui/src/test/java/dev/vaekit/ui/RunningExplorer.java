package dev.vaekit.ui;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.JsonNode;

/**
 * An explorer started before a test class and closed after it (register as a static {@code @RegisterExtension}
 * field), with the requests its tests make.
 */
final class RunningExplorer implements BeforeAllCallback, AfterAllCallback {
    private final Supplier<ExplorerConfig> config;
    private Explorer explorer;

    /** @param config the settings, computed when the class starts (a run may have to be trained first) */
    RunningExplorer(Supplier<ExplorerConfig> config) {
        this.config = config;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        explorer = Explorer.start(config.get());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        explorer.close();
    }

    int port() {
        return explorer.port();
    }

    /** A GET that must succeed with JSON; its body parsed. */
    JsonNode json(String target) {
        return Http.json(port(), target);
    }

    /** The pixel values of an image the API returned. */
    static List<Integer> pixels(JsonNode image) {
        return Http.pixels(image);
    }
}
