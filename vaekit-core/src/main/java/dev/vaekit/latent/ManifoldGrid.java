package dev.vaekit.latent;

import dev.vaekit.distributions.NormalQuantile;

/**
 * The codes of Kingma &amp; Welling's (2014) figure 4: a square grid over a two-dimensional latent space, evenly
 * spaced in probability under the N(0, I) prior. With u_i = (i + 0.5)/grid for i = 0 … grid − 1, the codes are
 * z = (Φ⁻¹(u_i), Φ⁻¹(u_j)), so every cell covers the same prior mass and no code sits at ±∞.
 *
 * <p>Layout, row-major as an image grid is drawn: column c has z₀ = Φ⁻¹(u_c), increasing to the right; row r (from
 * the top) has z₁ = Φ⁻¹(u_{grid−1−r}), increasing upwards, as on a scatter plot of the codes.
 */
public final class ManifoldGrid {
    private ManifoldGrid() {}

    /**
     * @param grid points per axis, ≥ 1
     * @return Φ⁻¹((i + 0.5)/grid) for i = 0 … grid − 1, increasing
     */
    public static double[] quantiles(int grid) {
        if (grid < 1) {
            throw new IllegalArgumentException("grid must be >= 1, got " + grid);
        }
        double[] q = new double[grid];
        for (int i = 0; i < grid; i++) {
            q[i] = NormalQuantile.phiInverse((i + 0.5) / grid);
        }
        return q;
    }

    /**
     * @param grid points per axis, ≥ 1
     * @return grid² codes of two values each, row-major in the layout above
     */
    public static float[] codes(int grid) {
        double[] q = quantiles(grid);
        float[] z = new float[grid * grid * 2];
        for (int r = 0; r < grid; r++) {
            for (int c = 0; c < grid; c++) {
                int k = (r * grid + c) * 2;
                z[k] = (float) q[c];
                z[k + 1] = (float) q[grid - 1 - r];
            }
        }
        return z;
    }
}
