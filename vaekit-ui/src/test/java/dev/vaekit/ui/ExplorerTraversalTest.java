package dev.vaekit.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** The explorer's latent traversal: one row per code dimension, ordered by KL, each a sweep around test images. */
class ExplorerTraversalTest {
    @RegisterExtension
    static final RunningExplorer EXPLORER =
            new RunningExplorer(() -> ExplorerConfig.of(TinyRun.folder()).withPort(0));

    @Test
    void eachCodeDimensionIsARowOfSweepsMostInformativeFirst() {
        JsonNode t = EXPLORER.json("/api/traversal?examples=2&steps=5");
        assertThat(t.get("orderedBy").asString()).isEqualTo("kl");
        assertThat(t.get("dimensions").size()).isEqualTo(2);
        assertThat(t.get("kl").get(0).asDouble())
                .isGreaterThanOrEqualTo(t.get("kl").get(1).asDouble());
        assertThat(t.get("span").asDouble()).isEqualTo(3);
        JsonNode images = t.get("images");
        assertThat(images.size()).isEqualTo(2 * 2 * 5);
        assertThat(images.get(0).get("width").asInt()).isEqualTo(28);
        // the middle of each sweep (t = 0) is the test image's own code: the same decode in both rows
        assertThat(RunningExplorer.pixels(images.get(2))).isEqualTo(RunningExplorer.pixels(images.get(12)));
        // the ends of the first row's first sweep differ
        assertThat(RunningExplorer.pixels(images.get(0))).isNotEqualTo(RunningExplorer.pixels(images.get(4)));
        assertThat(EXPLORER.json("/api/traversal").get("steps").asInt()).isEqualTo(7);
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        Http.Response r = Http.get(EXPLORER.port(), "/api/traversal?steps=99");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("steps");
        assertThat(Http.get(EXPLORER.port(), "/api/traversal?examples=1&depth=3")
                        .status())
                .isEqualTo(400);
    }
}
