package dev.vaekit.objectives;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The sliced Wasserstein distance of SWAE (Kolouri, Pope, Martin &amp; Rohde 2018, "Sliced-Wasserstein Autoencoders:
 * An Embarrassingly Simple Generative Model", eq. 11 and Algorithm 1): the squared 2-Wasserstein distance between
 * two distributions' projections on a line, averaged over lines θ drawn uniformly from the unit sphere,
 *
 * <pre>
 *   SW₂²(P, Q) = ∫ W₂²(θ#P, θ#Q) dθ  ≈  (1/L) Σ_l (1/M) Σ_m (sort(θ_l · x)_m − sort(θ_l · y)_m)²,
 * </pre>
 *
 * with M draws x of P and M of Q: in one dimension the optimal transport pairs the sorted values. For isotropic
 * Gaussians N(μ₁, s₁² I) and N(μ₂, s₂² I) in ℝ^d it is ‖μ₁ − μ₂‖²/d + (s₁ − s₂)² (each projection is a pair of 1-D
 * Gaussians, and E(θ·Δ)² = ‖Δ‖²/d on the sphere). The directions come from the engine's seeded generator.
 */
public final class SlicedWasserstein {
    private SlicedWasserstein() {}

    /**
     * The estimate of the class comment.
     *
     * @param x draws of P, shape (M, d)
     * @param y draws of Q, shape (M, d), as many as x
     * @param projections L ≥ 1 random directions
     * @return SW₂², a scalar (differentiable in x and y)
     */
    public static NDArray squared(NDArray x, NDArray y, int projections) {
        if (!x.getShape().equals(y.getShape())) {
            throw new IllegalArgumentException("the samples have shapes " + x.getShape() + " and " + y.getShape());
        }
        long d = x.getShape().get(1);
        NDArray directions = x.getManager().randomNormal(new Shape(projections, d));
        NDArray theta = directions
                .div(directions.square().sum(new int[] {1}, true).sqrt())
                .transpose(); // (d, L)
        NDArray px = x.matMul(theta).sort(0); // (M, L), each column sorted
        NDArray py = y.matMul(theta).sort(0);
        return px.sub(py).square().mean();
    }
}
