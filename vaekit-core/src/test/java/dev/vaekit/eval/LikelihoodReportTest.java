package dev.vaekit.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Reports of the parts of a test set combine into the report of the whole. */
class LikelihoodReportTest {
    private static LikelihoodReport of(double[] logLikelihoods, int k) {
        return LikelihoodReport.of("importance sampling", logLikelihoods, 784, k, 1, 2.0, Map.of("elbo", -90.0));
    }

    @Test
    void partsCombineIntoTheWholeAsIfEvaluatedAtOnce() {
        SplittableRandom random = new SplittableRandom(3);
        double[] all = new double[1000];
        for (int i = 0; i < all.length; i++) {
            all[i] = -80 - 25 * random.nextDouble() * random.nextDouble(); // skewed, as log-likelihoods are
        }
        LikelihoodReport whole = of(all, 5000);
        LikelihoodReport combined = LikelihoodReport.combine(List.of(
                of(Arrays.copyOfRange(all, 0, 300), 5000),
                of(Arrays.copyOfRange(all, 300, 800), 5000),
                of(Arrays.copyOfRange(all, 800, 1000), 5000)));

        assertThat(combined.n()).isEqualTo(1000);
        assertThat(combined.nll()).isCloseTo(whole.nll(), within(1e-10));
        assertThat(combined.nllStdErr()).isCloseTo(whole.nllStdErr(), within(1e-12));
        assertThat(combined.bitsPerDim()).isCloseTo(whole.bitsPerDim(), within(1e-12));
        assertThat(combined.seconds()).isEqualTo(6.0);
        assertThat(combined.terms()).isEmpty(); // terms such as active units do not add up
        assertThat(LikelihoodReport.combine(List.of(whole))).isSameAs(whole);
    }

    @Test
    void partsEstimatedDifferentlyDoNotCombine() {
        double[] values = {-90, -95, -100};
        assertThatThrownBy(() -> LikelihoodReport.combine(List.of(of(values, 5000), of(values, 100))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("estimated differently");
        assertThatThrownBy(() -> LikelihoodReport.combine(List.of(of(values, 5), of(new double[] {-90}, 5))))
                .hasMessageContaining("fewer than two");
        assertThatThrownBy(() -> LikelihoodReport.combine(List.of())).hasMessageContaining("no parts");
    }
}
