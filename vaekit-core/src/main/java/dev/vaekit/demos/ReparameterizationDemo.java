package dev.vaekit.demos;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The gradient of an expectation, ∇_θ E_{z~N(μ, σ²)}[f(z)], estimated from draws in two ways, for f(z) = z², whose
 * answer is known: E[z²] = μ² + σ², so ∂/∂μ = 2μ and ∂/∂σ = 2σ.
 *
 * <ul>
 *   <li><b>Reparameterization</b> (Kingma &amp; Welling 2014, §2.4): z = μ + σε with ε ~ N(0, 1), so ∇E[f(z)] =
 *       E[∇f(μ + σε)]: per draw ∂/∂μ = f'(z) = 2z and ∂/∂σ = f'(z)·ε = 2zε.
 *   <li><b>Score function</b> (REINFORCE, Williams 1992): ∇E[f(z)] = E[f(z) ∇ log N(z; μ, σ²)]: per draw ∂/∂μ = f(z)
 *       (z − μ)/σ² = z²ε/σ and ∂/∂σ = f(z) ((z − μ)²/σ³ − 1/σ) = z²(ε² − 1)/σ.
 * </ul>
 *
 * Both are unbiased; the reparameterized one uses the derivative of f and has far lower variance, which is why a VAE's
 * encoder can be trained by backpropagation through its samples.
 */
public final class ReparameterizationDemo {
    private ReparameterizationDemo() {}

    /**
     * One estimator of one derivative over all draws.
     *
     * @param estimator {@code reparameterization} or {@code score function}
     * @param parameter {@code mu} or {@code sigma}
     * @param truth the exact derivative
     * @param mean the mean of the per-draw estimates
     * @param stdErr its standard error
     * @param variance the variance of one draw's estimate
     */
    public record Row(String estimator, String parameter, double truth, double mean, double stdErr, double variance) {}

    /**
     * @param mu μ
     * @param sigma σ
     * @param draws draws per estimator
     * @param seed the draws' seed
     * @param rows the four estimates
     */
    public record Result(double mu, double sigma, int draws, long seed, List<Row> rows) {}

    /**
     * @param mu μ
     * @param sigma σ &gt; 0
     * @param draws draws, ≥ 2
     * @param seed seed of the standard-normal draws (both estimators see the same ε)
     * @return the estimates against the truth
     */
    public static Result run(double mu, double sigma, int draws, long seed) {
        if (!(sigma > 0) || draws < 2) {
            throw new IllegalArgumentException("need sigma > 0 and at least 2 draws");
        }
        SplittableRandom random = new SplittableRandom(seed);
        Moments reMu = new Moments();
        Moments reSigma = new Moments();
        Moments sfMu = new Moments();
        Moments sfSigma = new Moments();
        for (int i = 0; i < draws; i++) {
            double eps = gaussian(random);
            double z = mu + sigma * eps;
            reMu.add(2 * z);
            reSigma.add(2 * z * eps);
            sfMu.add(z * z * eps / sigma);
            sfSigma.add(z * z * (eps * eps - 1) / sigma);
        }
        return new Result(
                mu,
                sigma,
                draws,
                seed,
                List.of(
                        reMu.row("reparameterization", "mu", 2 * mu),
                        sfMu.row("score function", "mu", 2 * mu),
                        reSigma.row("reparameterization", "sigma", 2 * sigma),
                        sfSigma.row("score function", "sigma", 2 * sigma)));
    }

    /** A standard-normal draw by Box–Muller. */
    static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble(); // in (0, 1]
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** Running mean and variance (Welford). */
    static final class Moments {
        private long n;
        private double mean;
        private double m2;

        void add(double x) {
            n++;
            double d = x - mean;
            mean += d / n;
            m2 += d * (x - mean);
        }

        double mean() {
            return mean;
        }

        double variance() {
            return n > 1 ? m2 / (n - 1) : Double.NaN;
        }

        Row row(String estimator, String parameter, double truth) {
            return new Row(estimator, parameter, truth, mean, Math.sqrt(variance() / n), variance());
        }
    }
}
