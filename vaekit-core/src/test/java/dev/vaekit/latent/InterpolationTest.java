package dev.vaekit.latent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InterpolationTest {
    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    @Test
    void linearIsTheWeightedMean() {
        float[] a = {0, 2, -4};
        float[] b = {4, 2, 0};

        assertThat(Interpolation.linear(a, b, 0.25)).containsExactly(1f, 2f, -3f);
        assertThat(Interpolation.linear(a, b, 0)).containsExactly(a);
        assertThat(Interpolation.linear(a, b, 1)).containsExactly(b);
    }

    @Test
    void slerpBetweenOrthogonalUnitVectorsStaysOnTheCircle() {
        float[] a = {1, 0};
        float[] b = {0, 1};

        float[] mid = Interpolation.spherical(a, b, 0.5);
        float[] third = Interpolation.spherical(a, b, 1.0 / 3);

        assertThat(Interpolation.angle(a, b)).isCloseTo(Math.PI / 2, within(1e-12));
        // sin(Ω/2)/sin Ω with Ω = π/2 gives 1/√2 on each axis; the linear midpoint would have norm 1/√2
        assertThat(mid[0]).isCloseTo((float) Math.sqrt(0.5), within(1e-7f));
        assertThat(mid[1]).isCloseTo((float) Math.sqrt(0.5), within(1e-7f));
        assertThat(norm(third)).isCloseTo(1, within(1e-6));
        // a third of the way along the arc is at 30 degrees
        assertThat(Math.atan2(third[1], third[0])).isCloseTo(Math.PI / 6, within(1e-6));
        assertThat(norm(Interpolation.linear(a, b, 0.5))).isCloseTo(Math.sqrt(0.5), within(1e-6));
    }

    @Test
    void slerpMatchesItsFormulaForGeneralVectors() {
        float[] a = {1.5f, -0.3f, 2f};
        float[] b = {-0.7f, 1.1f, 0.4f};
        double omega = Interpolation.angle(a, b);
        double t = 0.3;

        float[] z = Interpolation.spherical(a, b, t);

        for (int i = 0; i < 3; i++) {
            double expected = (Math.sin((1 - t) * omega) * a[i] + Math.sin(t * omega) * b[i]) / Math.sin(omega);
            assertThat((double) z[i]).isCloseTo(expected, within(1e-6));
        }
        assertThat(Interpolation.spherical(a, b, 0)).containsExactly(a);
        assertThat(Interpolation.spherical(a, b, 1)[2]).isCloseTo(b[2], within(1e-6f));
    }

    @Test
    void slerpFallsBackToTheLineWhenTheAngleVanishes() {
        float[] a = {1, 2};
        float[] b = {2, 4}; // parallel: Ω = 0
        float[] zero = {0, 0};
        float[] opposite = {-1, -2}; // antiparallel: sin Ω = 0 too

        assertThat(Interpolation.angle(a, b)).isCloseTo(0, within(1e-7));
        assertThat(Interpolation.spherical(a, b, 0.5)).containsExactly(Interpolation.linear(a, b, 0.5));
        assertThat(Interpolation.spherical(zero, b, 0.5)).containsExactly(1f, 2f);
        assertThat(Interpolation.spherical(a, opposite, 0.5)).containsExactly(0f, 0f);
        for (float v : Interpolation.spherical(a, b, 0.7)) {
            assertThat(v).isFinite();
        }
    }

    @Test
    void aPathHasItsEndsExactlyAndEvenSteps() {
        float[] a = {0, 0};
        float[] b = {3, 6};

        float[] path = Interpolation.path(a, b, 4, false);

        assertThat(path).containsExactly(0f, 0f, 1f, 2f, 2f, 4f, 3f, 6f);
        float[] arc = Interpolation.path(new float[] {1, 0}, new float[] {0, 2}, 5, true);
        assertThat(Arrays.copyOfRange(arc, 0, 2)).containsExactly(1f, 0f);
        assertThat(Arrays.copyOfRange(arc, 8, 10)).containsExactly(0f, 2f);
        assertThatThrownBy(() -> Interpolation.path(a, b, 1, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Interpolation.linear(a, new float[3], 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
