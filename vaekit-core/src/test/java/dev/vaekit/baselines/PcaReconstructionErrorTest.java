package dev.vaekit.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vaekit.data.Dataset;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PcaReconstructionErrorTest {

    /** Points on the line y = 2x (plus a little noise in z), in 3-D. */
    private static Dataset line(int n, long seed) {
        Random random = new Random(seed);
        float[] f = new float[n * 3];
        for (int i = 0; i < n; i++) {
            double t = random.nextGaussian();
            f[i * 3] = (float) t;
            f[i * 3 + 1] = (float) (2 * t);
            f[i * 3 + 2] = (float) (0.01 * random.nextGaussian());
        }
        return new Dataset("line", f, null, 1, 1, 3);
    }

    @Test
    void pointsOnTheSubspaceHaveNoErrorAndOthersTheirSquaredDistance() {
        PcaReconstructionError pca = PcaReconstructionError.fit(line(500, 1), 1);

        // (1, 2, 0) lies on the line; (2, -1, 0) is orthogonal to it at distance √5; (0, 0, 3) at distance 3
        Dataset probe = new Dataset("probe", new float[] {1, 2, 0, 2, -1, 0, 0, 0, 3}, null, 1, 1, 3);
        double[] e = pca.score(probe);

        assertThat(e[0]).isCloseTo(0, within(1e-3));
        assertThat(e[1]).isCloseTo(5, within(1e-2));
        assertThat(e[2]).isCloseTo(9, within(1e-2));
        assertThat(pca.explainedVariance()).isGreaterThan(0.9999);
    }

    @Test
    void allComponentsReconstructEverything() {
        Dataset data = line(100, 2);
        PcaReconstructionError pca = PcaReconstructionError.fit(data, 3);

        for (double e : pca.score(data)) {
            assertThat(e).isCloseTo(0, within(1e-6));
        }
        assertThat(pca.explainedVariance()).isCloseTo(1, within(1e-9));
    }
}
