package dev.vaekit.flows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.distributions.SpecialFunctions;
import dev.vaekit.engine.Tensors;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The multivariate Student's t with ν degrees of freedom over all D coordinates of a code, the fat-tailed base of
 * "Studentising flows" (Alexanderson &amp; Henter 2020):
 *
 * <pre>
 *   log p(z) = log Γ((ν + D)/2) − log Γ(ν/2) − (D/2) log(νπ) − ((ν + D)/2) · log(1 + ‖z‖²/ν).
 * </pre>
 *
 * <p>It is a scale mixture of normals: z = g/√w with g ~ N(0, I) and one w ~ χ²_ν/ν shared by every coordinate. For
 * D large, ‖z‖²/D concentrates near ν/(ν − 2) (ν &gt; 2), so a code that a standard normal base finds typical costs
 * nearly the same here; a code far out, though, costs about ((ν + D)/2) · log ‖z‖² instead of ½‖z‖², so one input
 * that a flow maps far away (a test image unlike every training image) no longer dominates an average log-likelihood.
 * As ν → ∞ it tends to N(0, I).
 */
public final class StudentTBase implements BaseDistribution {
    private final double dof;

    /**
     * @param dof ν &gt; 0, the degrees of freedom
     * @throws IllegalArgumentException if ν is not positive and finite
     */
    public StudentTBase(double dof) {
        if (!(dof > 0) || Double.isInfinite(dof)) {
            throw new IllegalArgumentException("a Student's t base needs dof > 0, finite; got " + dof);
        }
        this.dof = dof;
    }

    /**
     * The normalizing constant of a D-dimensional t: log Γ((ν + D)/2) − log Γ(ν/2) − (D/2) log(νπ).
     *
     * @param d D, coordinates per example
     * @return the constant in nats
     */
    double logNormalizer(long d) {
        return SpecialFunctions.logGamma((dof + d) / 2)
                - SpecialFunctions.logGamma(dof / 2)
                - d / 2.0 * Math.log(dof * Math.PI);
    }

    @Override
    public NDArray logProb(NDArray z) {
        long batch = z.getShape().get(0);
        long d = z.getShape().size() / batch;
        NDArray u = Tensors.scale(z.square().reshape(batch, -1).sum(new int[] {1}), 1 / dof); // ‖z‖²/ν
        // log(1 + u) with float32's rounding of w = 1 + u corrected to first order: log w − ((w − 1) − u)/w. For
        // large ν, u is tiny and (ν + D)/2 would magnify the rounding of a plain log(1 + u). (Not via toType(FLOAT64):
        // DJL's toType cuts the autograd graph, so the base would stop training the flow.)
        NDArray w = u.add(1f);
        NDArray log1p = w.log().sub(w.sub(1f).sub(u).div(w));
        return Tensors.scale(log1p, -(dof + d) / 2).add((float) logNormalizer(d));
    }

    /**
     * Draws z = T · g/√w with g ~ N(0, I) from the engine and, per example, w = χ²_ν/ν from a generator seeded by the
     * engine (so {@code Engines.seed} fixes both).
     */
    @Override
    public NDArray sample(NDManager manager, Shape shape, float temperature) {
        long n = shape.get(0);
        float[] seedBits = manager.randomUniform(0f, 1f, new Shape(2)).toFloatArray();
        SplittableRandom random = new SplittableRandom(
                ((long) Float.floatToIntBits(seedBits[0]) << 32) ^ Float.floatToIntBits(seedBits[1]));
        float[] scale = new float[Math.toIntExact(n)];
        for (int i = 0; i < scale.length; i++) {
            double w = 2 * gamma(dof / 2, random) / dof; // χ²_ν / ν
            scale[i] = (float) (temperature / Math.sqrt(w));
        }
        NDArray perExample = manager.create(scale).reshape(perExampleShape(shape));
        return manager.randomNormal(shape).mul(perExample);
    }

    private static Shape perExampleShape(Shape shape) {
        long[] dims = new long[shape.dimension()];
        Arrays.fill(dims, 1);
        dims[0] = shape.get(0);
        return new Shape(dims);
    }

    /**
     * A Gamma(α, 1) draw by Marsaglia &amp; Tsang's squeeze method (2000, ACM TOMS 26(3)); for α &lt; 1, Gamma(α + 1)
     * · U^(1/α).
     */
    static double gamma(double alpha, SplittableRandom random) {
        if (alpha < 1) {
            return gamma(alpha + 1, random) * Math.pow(random.nextDouble(), 1 / alpha);
        }
        double d = alpha - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }
}
