package dev.vaekit.eval.disentanglement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vaekit.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DisentanglementReportTest {

    private static DisentanglementReport report() {
        return DisentanglementReport.run(
                Codes.DATA,
                Codes.identity(),
                List.of(
                        new Mig(new Mig.Settings(2000, 20)),
                        new Dci(new Dci.Settings(500, 200, new GradientBoostedTrees.Settings(5, 2, 0.1))),
                        new FactorVaeMetric(new FactorVaeMetric.Settings(16, 200, 100, 500, 0.05))),
                3);
    }

    @Test
    void theTableShowsEveryScoreWithItsSettingsAndThePerFactorTerms() {
        DisentanglementReport report = report();
        String table = report.toTable();
        assertThat(table).contains("disentanglement of unit-dsprites (factors shape, scale, orientation, posX, posY)");
        assertThat(table).containsPattern("mig +mig +0\\.\\d{4} +\\d+\\.\\d +numTrain=2000 bins=20 seed=3");
        assertThat(table)
                .contains("numTrain=500 numTest=200 boosting.stages=5 boosting.maxDepth=2 boosting.learningRate=0.1");
        assertThat(table).containsPattern("\\s+completeness\\s+\\d");
        assertThat(table).containsPattern("factorvae +trainAccuracy +1 ");
        assertThat(table).containsPattern("mig +gap( +\\d\\.\\d{4}){5}");
        assertThat(table).containsPattern("per factor +shape +scale +orientation +posX +posY");
    }

    @Test
    void theJsonLineHoldsEverythingOnOneLine() {
        DisentanglementReport report = report();
        String line = report.toJsonLine();
        assertThat(line).doesNotContain("\n");
        JsonNode root = JsonMapper.builder().build().readTree(line);
        assertThat(root.get("data").asString()).isEqualTo("unit-dsprites");
        assertThat(root.get("factors")).hasSize(5);
        JsonNode mig = root.get("metrics").get("mig");
        assertThat(mig.get("scores").get("mig").asDouble())
                .isCloseTo(report.results().get(0).score("mig"), within(1e-15));
        assertThat(mig.get("settings").get("bins").asInt()).isEqualTo(20);
        assertThat(mig.get("perFactor").get("gap")).hasSize(5);
        assertThat(mig.get("seed").asLong()).isEqualTo(3);
        JsonNode dci = root.get("metrics").get("dci");
        assertThat(dci.get("settings").get("boosting.stages").asInt()).isEqualTo(5);
        assertThat(dci.get("scores").has("informativenessTest")).isTrue();
        assertThat(root.get("metrics")
                        .get("factorvae")
                        .get("scores")
                        .get("evalAccuracy")
                        .asDouble())
                .isEqualTo(1.0);
    }

    @Test
    void theDefaultMetricsAreTheFiveWithDisentanglementLibsSettings() {
        assertThat(DisentanglementReport.defaultMetrics().stream().map(DisentanglementMetric::name))
                .containsExactly("mig", "sap", "dci", "factorvae", "betavae");
        assertThat(DisentanglementReport.defaultMetrics().get(2).settings()).isEqualTo(Dci.Settings.defaults());
    }

    @Test
    void aRepresentationThatMisbehavesIsReportedInOneLine() {
        Mig mig = new Mig(new Mig.Settings(100, 20));
        assertThatThrownBy(() -> mig.compute(Codes.DATA, obs -> new float[obs.length - 1][2], 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("expected 64 codes for 64 observations");
        assertThatThrownBy(() -> mig.compute(
                        Codes.DATA,
                        obs -> {
                            float[][] out = new float[obs.length][2];
                            out[3][1] = Float.NaN;
                            return out;
                        },
                        0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("code value 1 is NaN");
        assertThatThrownBy(() -> mig.compute(
                        new dev.vaekit.data.factors.FactorValues(
                                "flat", List.of(new dev.vaekit.data.factors.Factor("c", new double[] {1}))),
                        Codes.identity(),
                        0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no factor has more than one class");
    }
}
