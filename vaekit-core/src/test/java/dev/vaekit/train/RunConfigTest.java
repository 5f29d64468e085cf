package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vaekit.InvalidInputException;
import dev.vaekit.models.LikelihoodKind;
import dev.vaekit.models.VaeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cross-section checks of a run config for the 8-bit likelihoods: they model grey values, never binarised ones. */
class RunConfigTest {
    @TempDir
    Path dir;

    private static Map<String, Object> categorical(String binarization) {
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("model.likelihood", "categorical-256");
        overrides.put("data.binarization", binarization);
        return overrides;
    }

    @Test
    void theCategorical256LikelihoodRefusesBinarisedData() {
        for (String binarization : new String[] {"dynamic", "static"}) {
            assertThatThrownBy(() -> Configs.build(null, categorical(binarization)))
                    .as(binarization)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("model.likelihood categorical-256 models 8-bit grey values")
                    .hasMessageContaining("set data.binarization (--binarize) to none, got " + binarization);
        }
        // the default binarisation is dynamic: naming the likelihood alone is refused too
        assertThatThrownBy(() -> Configs.build(null, Map.of("model.likelihood", "categorical-256")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("categorical-256");
    }

    @Test
    void theCategorical256LikelihoodTakesGreyValuesAndRoundTrips() throws Exception {
        RunConfig c = Configs.build(null, categorical("none"));

        assertThat(c.model().family(VaeConfig.class).likelihood().kind()).isEqualTo(LikelihoodKind.CATEGORICAL_256);
        assertThat(Configs.toJson(c)).contains("\"categorical-256\"");
        Path saved = dir.resolve("config.json");
        Files.writeString(saved, Configs.toJson(c));
        assertThat(Configs.read(saved)).isEqualTo(c);
    }

    @Test
    void onlyTheTwo8BitLikelihoodsNeedGreyValues() {
        assertThat(LikelihoodKind.values())
                .filteredOn(LikelihoodKind::eightBit)
                .containsExactlyInAnyOrder(LikelihoodKind.DISCRETIZED_LOGISTIC, LikelihoodKind.CATEGORICAL_256);
    }
}
