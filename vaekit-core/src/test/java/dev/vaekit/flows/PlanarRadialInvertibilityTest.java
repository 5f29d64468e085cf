package dev.vaekit.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.vaekit.Fixtures;
import dev.vaekit.engine.Engines;
import dev.vaekit.nn.Parameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Planar and radial flows have no closed-form inverse, so their invertibility is checked through the conditions of
 * Rezende &amp; Mohamed 2015, appendix A: a planar map is invertible when it is increasing along w, a radial map when
 * it is increasing along every ray from z₀. Raw parameters that violate the conditions (wᵀu &lt; −1, β &lt; −α) must
 * be mapped by the reparameterisations to ones that satisfy them.
 */
class PlanarRadialInvertibilityTest {
    private static final int D = 5;

    private NDManager manager;
    private Parameters params;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
        params = new Parameters(manager);
        Engines.seed(23);
    }

    @AfterEach
    void close() {
        params.close();
        manager.close();
    }

    private void set(String name, float... values) {
        NDArray p = params.asMap().get(name);
        params.assign(p, Fixtures.array(manager, values, p.getShape().getShape()));
    }

    /** Points z₀ + t·e, one row per t. */
    private NDArray line(float[] origin, float[] direction, double from, double to, int n) {
        float[] rows = new float[n * D];
        for (int k = 0; k < n; k++) {
            double t = from + (to - from) * k / (n - 1);
            for (int i = 0; i < D; i++) {
                rows[k * D + i] = (float) (origin[i] + t * direction[i]);
            }
        }
        return Fixtures.array(manager, rows, n, D);
    }

    private static void assertIncreasing(double[] values, String what) {
        for (int k = 1; k < values.length; k++) {
            assertThat(values[k]).as("%s, point %d", what, k).isGreaterThan(values[k - 1]);
        }
    }

    @Test
    void aPlanarFlowWithWtuBelowMinusOneIsStillIncreasingAlongW() {
        PlanarFlow planar = new PlanarFlow(params, "planar", D);
        float[] w = {1f, 0.5f, -0.3f, 0.2f, 0.7f};
        double wNorm2 = 0;
        for (float v : w) {
            wNorm2 += v * v;
        }
        // u = −4 w / ‖w‖² plus a part orthogonal to w: wᵀu = −4, which would make f fold back on itself
        float[] orthogonal = {0.5f, -1f, 0f, 0f, 0f}; // wᵀ(orthogonal) = 0.5 − 0.5 = 0
        float[] u = new float[D];
        for (int i = 0; i < D; i++) {
            u[i] = (float) (-4 * w[i] / wNorm2) + orthogonal[i];
        }
        set("planar.w", w);
        set("planar.u", u);
        set("planar.b", 0.3f);

        float[] unitW = new float[D];
        for (int i = 0; i < D; i++) {
            unitW[i] = (float) (w[i] / Math.sqrt(wNorm2));
        }
        NDArray z = line(new float[] {0.2f, 0.1f, -0.4f, 0.3f, 0f}, unitW, -4, 4, 801);
        FlowLayer.Result r = planar.forward(z, null);
        // f(z) − z is a multiple of û, so f is injective exactly when wᵀf(z) increases with wᵀz
        float[] y = r.output().toFloatArray();
        double[] along = new double[801];
        for (int k = 0; k < along.length; k++) {
            for (int i = 0; i < D; i++) {
                along[k] += w[i] * y[k * D + i];
            }
        }
        assertIncreasing(along, "wᵀf(z)");
        for (float v : r.logDet().toFloatArray()) {
            assertThat(Float.isFinite(v)).isTrue();
        }
        assertThat(planar.invertible()).isFalse();
        assertThatThrownBy(() -> planar.inverse(z, null)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aRadialFlowIsIncreasingAlongEveryRayEvenAtTheBoundaryBetaEqualsMinusAlpha() {
        RadialFlow radial = new RadialFlow(params, "radial", D);
        float[] z0 = {0.3f, -0.2f, 0.1f, 0f, 0.5f};
        set("radial.z0", z0);
        set("radial.alpha", 0.5f); // α = softplus(0.5) ≈ 0.97
        float[][] directions = {{1, 0, 0, 0, 0}, {0.6f, 0.8f, 0, 0, 0}, {0, 0, -0.6f, 0, 0.8f}};
        // β = −α + softplus(raw): raw −30 puts β at −α to float precision, the contracting limit
        for (float betaRaw : new float[] {-30f, -1f, 2f}) {
            set("radial.beta", betaRaw);
            for (float[] e : directions) {
                NDArray z = line(z0, e, 1e-3, 6, 600);
                FlowLayer.Result r = radial.forward(z, null);
                float[] y = r.output().toFloatArray();
                double[] radius = new double[600];
                for (int k = 0; k < radius.length; k++) {
                    double along = 0;
                    for (int i = 0; i < D; i++) {
                        along += (y[k * D + i] - z0[i]) * e[i]; // f keeps the ray: f(z) − z₀ ∥ e
                    }
                    radius[k] = along;
                }
                assertIncreasing(radius, "β raw " + betaRaw);
                assertThat(radius[0]).as("the ray is not folded through z₀").isGreaterThan(0);
            }
        }
    }
}
