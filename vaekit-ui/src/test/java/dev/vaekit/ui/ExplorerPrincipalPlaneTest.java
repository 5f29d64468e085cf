package dev.vaekit.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** With d > 2 the map is the codes' principal plane, and decoding can keep a picked image's other coordinates. */
class ExplorerPrincipalPlaneTest {
    @RegisterExtension
    static final RunningExplorer EXPLORER = new RunningExplorer(() -> {
        try {
            Path run = TinyRun.train(Files.createTempDirectory("vaekit-ui-d4").resolve("d4"), 4, 2);
            return new ExplorerConfig(run, null, ExplorerConfig.LOOPBACK, 0, 300);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    });

    private static JsonNode get(String target) {
        return EXPLORER.json(target);
    }

    private static List<Integer> pixels(JsonNode image) {
        return RunningExplorer.pixels(image);
    }

    @Test
    void theAxesAreNamedWithTheirShareOfVariance() {
        JsonNode points = get("/api/points");
        assertThat(points.get("u").size()).isEqualTo(300);
        assertThat(points.get("axes").get(0).asString()).startsWith("PC1 (").contains("% of the codes' variance");
    }

    @Test
    void thePlaneThroughAPickedImageDecodesItsOwnCodeAtItsPoint() {
        JsonNode points = get("/api/points");
        double u = points.get("u").get(5).asDouble();
        double v = points.get("v").get(5).asDouble();
        // the interpolation's first image is the decode of image 5's code itself
        JsonNode own = get("/api/interpolate?from=5&to=6&steps=2").get("images").get(0);
        JsonNode around = get("/api/decode?u=" + u + "&v=" + v + "&around=5");
        JsonNode throughMean = get("/api/decode?u=" + u + "&v=" + v);
        assertThat(pixels(around)).isEqualTo(pixels(own));
        // the plane through the mean has image 5's code only up to its two projected coordinates
        assertThat(pixels(throughMean)).isNotEqualTo(pixels(own));
    }
}
