package dev.vaekit.eval.disentanglement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vaekit.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Choosing metrics by name, at their default settings or with their sample sizes scaled down. */
class MetricSuiteTest {

    @Test
    void noNamesMeansEveryMetricWithDisentanglementLibsSettings() {
        List<DisentanglementMetric> all = MetricSuite.of(List.of(), 1);
        assertThat(all)
                .extracting(DisentanglementMetric::name)
                .containsExactly("mig", "sap", "dci", "factorvae", "betavae");
        List<DisentanglementMetric> defaults = DisentanglementReport.defaultMetrics();
        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i).settings()).isEqualTo(defaults.get(i).settings());
        }
    }

    @Test
    void aFractionScalesTheSampleSizesAndKeepsTheRest() {
        List<DisentanglementMetric> some = MetricSuite.of(List.of("factorvae", " MIG", "dci"), 0.1);
        assertThat(some).extracting(DisentanglementMetric::name).containsExactly("mig", "dci", "factorvae");
        assertThat(some.get(0).settings()).isEqualTo(new Mig.Settings(1000, 20));
        Dci.Settings dci = (Dci.Settings) some.get(1).settings();
        assertThat(dci.numTrain()).isEqualTo(1000);
        assertThat(dci.numTest()).isEqualTo(500);
        assertThat(dci.boosting()).isEqualTo(Dci.Settings.defaults().boosting());
        assertThat(some.get(2).settings()).isEqualTo(new FactorVaeMetric.Settings(64, 1000, 500, 1000, 0.05));
    }

    @Test
    void unknownOrRepeatedNamesAndBadFractionsAreRefused() {
        assertThatThrownBy(() -> MetricSuite.of(List.of("mig", "irs"), 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("--metrics: unknown metric 'irs'; expected some of [mig, sap, dci, factorvae, betavae]");
        assertThatThrownBy(() -> MetricSuite.of(List.of("mig", "mig"), 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("--metrics: mig is named twice");
        assertThatThrownBy(() -> MetricSuite.of(List.of(), 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("--fraction must be in (0, 1], got 0.0");
    }
}
