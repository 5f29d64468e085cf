package dev.vaekit.demos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KlWeightDemoTest {
    @Test
    void aLargerKlWeightBuysASmallerKlWithAWorseReconstruction() {
        KlWeightDemo.Result r = KlWeightDemo.run(new double[] {0, 1, 4}, 2, 8, 100, 5, 4, 2);

        assertThat(r.rows()).hasSize(3);
        String table = r.rows().stream()
                .map(row -> String.format("beta %.1f: rec %.2f, KL %.2f", row.beta(), row.reconstruction(), row.kl()))
                .toList()
                .toString();
        for (int i = 1; i < r.rows().size(); i++) {
            assertThat(r.rows().get(i).kl())
                    .as("KL falls as beta grows: %s", table)
                    .isLessThan(r.rows().get(i - 1).kl());
            assertThat(r.rows().get(i).reconstruction())
                    .as("reconstruction worsens as beta grows: %s", table)
                    .isGreaterThan(r.rows().get(i - 1).reconstruction());
        }
        KlWeightDemo.Row one = r.rows().get(1);
        assertThat(one.samples()).hasSize(4 * 784);
    }
}
