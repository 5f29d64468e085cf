package dev.vaekit.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vaekit.data.DataSource;
import dev.vaekit.data.Datasets;
import dev.vaekit.train.Configs;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The explorer on a run of a folder of colour images: the test images it shows are the folder's, read as the run read
 * them (3 channels), and every image it answers (hover, decode, interpolation, samples) has three channels.
 */
class ExplorerColourTest {
    private static final int D = 3 * ColourRun.SIZE * ColourRun.SIZE;

    @RegisterExtension
    static final RunningExplorer EXPLORER =
            new RunningExplorer(() -> ExplorerConfig.of(ColourRun.folder()).withPort(0));

    private static JsonNode get(String target) {
        return EXPLORER.json(target);
    }

    private static void assertColourImage(JsonNode image) {
        assertThat(image.get("channels").asInt()).isEqualTo(3);
        assertThat(image.get("height").asInt()).isEqualTo(ColourRun.SIZE);
        assertThat(image.get("width").asInt()).isEqualTo(ColourRun.SIZE);
        assertThat(RunningExplorer.pixels(image)).hasSize(D).allSatisfy(p -> assertThat(p)
                .isBetween(0, 255));
    }

    @Test
    void theRunIsDescribedWithItsColourShape() {
        JsonNode info = get("/api/info");

        assertThat(info.get("ready").asBoolean()).isTrue();
        assertThat(info.get("model").asString()).isEqualTo("conv-vae");
        assertThat(info.get("inputShape").toString()).isEqualTo("[3,12,12]");
    }

    @Test
    void aHoveredTestImageIsTheFoldersImageInItsColours() {
        JsonNode image = get("/api/example?index=2");

        assertColourImage(image);
        DataSource test = Datasets.load(
                        Configs.read(ColourRun.folder().resolve("config.json")).data(), null, line -> {})
                .test();
        float[] row = test.row(2);
        List<Integer> pixels = RunningExplorer.pixels(image);
        for (int i = 0; i < D; i++) {
            assertThat(pixels.get(i)).as("value %d", i).isEqualTo(Math.round(row[i] * 255));
        }
        // a coloured digit: its red, green and blue planes differ
        assertThat(pixels.subList(0, D / 3)).isNotEqualTo(pixels.subList(D / 3, 2 * D / 3));
    }

    @Test
    void decodesInterpolationsAndSamplesAreColourImages() {
        assertColourImage(get("/api/decode?u=0.5&v=-0.5"));
        JsonNode path = get("/api/interpolate?from=0&to=1&steps=4").get("images");
        assertThat(path.size()).isEqualTo(4);
        path.forEach(ExplorerColourTest::assertColourImage);
        JsonNode samples = get("/api/samples?n=3&temperature=1&seed=2").get("images");
        assertThat(samples.size()).isEqualTo(3);
        samples.forEach(ExplorerColourTest::assertColourImage);
    }
}
