package dev.vaekit.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vaekit.InvalidInputException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AurocTest {

    @Test
    void perfectReversedAndTiedScores() {
        boolean[] positive = {false, false, true, true};

        assertThat(Auroc.of(new double[] {1, 2, 3, 4}, positive).value()).isEqualTo(1.0);
        assertThat(Auroc.of(new double[] {4, 3, 2, 1}, positive).value()).isEqualTo(0.0);
        assertThat(Auroc.of(new double[] {5, 5, 5, 5}, positive).value()).isEqualTo(0.5);
    }

    @Test
    void countsPairsWithTiesAsOneHalf() {
        // positives 2 and 3; negatives 1, 2, 4: pairs (2>1) (2=2 → ½) (2<4) (3>1) (3>2) (3<4) → 3.5 / 6
        double[] scores = {1, 2, 4, 2, 3};
        boolean[] positive = {false, false, false, true, true};

        assertThat(Auroc.of(scores, positive).value()).isCloseTo(3.5 / 6, within(1e-12));
    }

    @Test
    void matchesTheBruteForcePairCountAndHanleyMcNeil() {
        Random random = new Random(5);
        int n = 300;
        double[] scores = new double[n];
        boolean[] positive = new boolean[n];
        for (int i = 0; i < n; i++) {
            positive[i] = random.nextDouble() < 0.3;
            scores[i] = Math.round((random.nextGaussian() + (positive[i] ? 1 : 0)) * 4) / 4.0; // with ties
        }
        double wins = 0;
        int pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (positive[i] && !positive[j]) {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }

        Auroc a = Auroc.of(scores, positive);

        double area = wins / pairs;
        assertThat(a.value()).isCloseTo(area, within(1e-12));
        double q1 = area / (2 - area);
        double q2 = 2 * area * area / (1 + area);
        double se = Math.sqrt((area * (1 - area)
                        + (a.positives() - 1) * (q1 - area * area)
                        + (a.negatives() - 1) * (q2 - area * area))
                / pairs);
        assertThat(a.standardError()).isCloseTo(se, within(1e-12)).isBetween(0.01, 0.06);
        assertThat(a.positives() + a.negatives()).isEqualTo(n);
    }

    @Test
    void needsBothClasses() {
        assertThatThrownBy(() -> Auroc.of(new double[] {1, 2}, new boolean[] {true, true}))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("found 2 anomalies and 0 others");
    }
}
