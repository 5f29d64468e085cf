package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Run folders written by the vaekit of December 2026, one small run per model kind (in {@code
 * src/test/resources/checkpoints/v2026-12/}, written by its {@code make-fixtures.sh}), must still load and compute
 * what they computed then: the same {@code eval --json} numbers, the same codes of the first test rows and the same
 * decodings of given codes. Model code may be reorganised freely; these numbers may not move.
 */
class CheckpointCompatibilityTest {
    @TempDir
    Path dir;

    private Path fixtures;

    @BeforeEach
    void locate() throws URISyntaxException {
        fixtures = Path.of(getClass().getResource("/checkpoints/v2026-12").toURI());
    }

    private Path copy(String run) {
        return Cli.copy(fixtures.resolve(run), dir.resolve(run));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dense-vae", "iaf-vae", "vamp-vae", "cvae", "pixel-vae"})
    void aVaeEstimatesTheSameLikelihood(String name) throws Exception {
        Path run = copy(name);
        Cli.Result r = Cli.ok("eval", run.toString(), "--k", "4", "--eval-size", "8", "--json");

        assertSameNumbers(run.resolve("expected-eval.json"), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"realnvp", "maf-moons"})
    void aFlowComputesTheSameDensity(String name) throws Exception {
        Path run = copy(name);
        Cli.Result r = Cli.ok("eval", run.toString(), "--eval-size", "8", "--json");

        assertSameNumbers(run.resolve("expected-eval.json"), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dense-vae", "conv-ae", "iaf-vae", "vamp-vae", "cvae", "pixel-vae"})
    void anEncoderGivesTheSameCodes(String name) throws Exception {
        Path run = copy(name);
        Path codes = dir.resolve(name + "-codes.csv");
        Cli.ok("encode", run.toString(), "--n", "5", "-o", codes.toString());

        assertSameRows(run.resolve("expected-codes.csv"), codes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dense-vae", "conv-ae", "iaf-vae", "vamp-vae"})
    void aDecoderGivesTheSameMeans(String name) throws Exception {
        Path run = copy(name);
        Path decoded = dir.resolve(name + "-decoded.csv");
        Cli.ok(
                "decode",
                run.toString(),
                "-i",
                fixtures.resolve("../codes.csv").toString(),
                "--rows",
                decoded.toString());

        assertSameRows(run.resolve("expected-decoded.csv"), decoded);
    }

    @Test
    void aRunWithAveragedWeightsResumes() {
        Path run = copy("dense-vae");
        Cli.ok("train", "--resume", "--out", run.toString(), "--epochs", "3", "--quiet", "--threads", "1");

        Cli.Result r = Cli.ok("eval", run.toString(), "--k", "2", "--eval-size", "4", "--json");
        assertThat(r.out()).contains("\"epochsDone\":3");
    }

    /** Every number of the expected JSON object is in the actual one, equal to 1e-9 relative; text fields are equal. */
    private static void assertSameNumbers(Path expectedFile, String actualText) throws Exception {
        JsonMapper mapper = JsonMapper.builder().build();
        JsonNode expected = mapper.readTree(Files.readString(expectedFile));
        JsonNode actual = mapper.readTree(actualText);
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = actual.get(e.getKey());
            assertThat(value).as("field %s of %s", e.getKey(), actualText).isNotNull();
            if (e.getValue().isNumber()) {
                double want = e.getValue().asDouble();
                assertThat(value.asDouble()).as(e.getKey()).isCloseTo(want, within(1e-9 * Math.max(1, Math.abs(want))));
            } else {
                assertThat(value).as(e.getKey()).isEqualTo(e.getValue());
            }
        }
    }

    /** The two CSV files have the same header and the same numbers, to 1e-6. */
    private static void assertSameRows(Path expectedFile, Path actualFile) throws Exception {
        List<String> expected = Files.readAllLines(expectedFile);
        List<String> actual = Files.readAllLines(actualFile);
        assertThat(actual).hasSameSizeAs(expected);
        assertThat(actual.get(0)).isEqualTo(expected.get(0));
        for (int i = 1; i < expected.size(); i++) {
            String[] want = expected.get(i).split(",");
            String[] got = actual.get(i).split(",");
            assertThat(got).hasSameSizeAs(want);
            for (int j = 0; j < want.length; j++) {
                assertThat(Double.parseDouble(got[j]))
                        .as("%s row %d column %d", actualFile.getFileName(), i, j)
                        .isCloseTo(Double.parseDouble(want[j]), within(1e-6));
            }
        }
    }
}
