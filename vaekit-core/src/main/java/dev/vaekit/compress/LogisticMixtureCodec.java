package dev.vaekit.compress;

import dev.vaekit.distributions.DiscretizedLogistic;

/**
 * The discretized logistic mixture of Salimans et al. 2017 (PixelCNN++, section 2.1, eq. 2) over the 256 levels of an
 * 8-bit value, in the units of {@link DiscretizedLogistic}: level k sits at y = 2k/255 − 1 ∈ [−1, 1], its bin is y ±
 * 1/255, the lowest bin reaches down to −∞ and the highest up to +∞, and log-scales below −7 count as −7. The CDF at
 * the edge between levels k−1 and k, y = (2k − 1)/255 − 1, is C(k) = Σ_m π_m σ((y − μ_m)/s_m) with π = softmax(w); it
 * is evaluated only where a push or a pop needs it ({@link SymbolCodec#cumulative(double, int, int, int)}).
 */
public final class LogisticMixtureCodec implements SymbolCodec {
    private static final int LEVELS = DiscretizedLogistic.LEVELS;

    private final int precision;
    private final double[] weights;
    private final double[] means;
    private final double[] inverseScales;

    /**
     * @param weightLogits the K mixture logits w, finite
     * @param means the K means μ in [−1, 1] units, finite
     * @param logScales the K log-scales log s in [−1, 1] units, finite
     * @param precision P, at least 8
     * @throws IllegalArgumentException if the arrays differ in length or are empty, or a value is not finite
     */
    public LogisticMixtureCodec(double[] weightLogits, double[] means, double[] logScales, int precision) {
        SymbolCodec.checkShape(LEVELS, precision);
        int k = weightLogits.length;
        if (k == 0 || means.length != k || logScales.length != k) {
            throw new IllegalArgumentException("a logistic mixture needs K >= 1 weights, means and log-scales, got "
                    + weightLogits.length + ", " + means.length + " and " + logScales.length);
        }
        this.precision = precision;
        this.weights = new double[k];
        this.means = new double[k];
        this.inverseScales = new double[k];
        double max = Double.NEGATIVE_INFINITY;
        for (int m = 0; m < k; m++) {
            if (!Double.isFinite(weightLogits[m]) || !Double.isFinite(means[m]) || !Double.isFinite(logScales[m])) {
                throw new IllegalArgumentException(
                        "component " + m + " of a logistic mixture has a non-finite parameter");
            }
            max = Math.max(max, weightLogits[m]);
        }
        double total = 0;
        for (int m = 0; m < k; m++) {
            weights[m] = StrictMath.exp(weightLogits[m] - max);
            total += weights[m];
            this.means[m] = means[m];
            this.inverseScales[m] = StrictMath.exp(-Math.max(logScales[m], DiscretizedLogistic.MIN_LOG_SCALE));
        }
        for (int m = 0; m < k; m++) {
            weights[m] /= total;
        }
    }

    @Override
    public int precision() {
        return precision;
    }

    @Override
    public int symbols() {
        return LEVELS;
    }

    @Override
    public int cumulative(int symbol) {
        if (symbol <= 0 || symbol >= LEVELS) {
            return SymbolCodec.cumulative(0, symbol, LEVELS, precision);
        }
        return SymbolCodec.cumulative(cdf(symbol), symbol, LEVELS, precision);
    }

    /**
     * @param level k in [1, 255]
     * @return C(k), the mixture's probability of the levels below k
     */
    public double cdf(int level) {
        double edge = (2.0 * level - 1) / (LEVELS - 1) - 1;
        double c = 0;
        for (int m = 0; m < weights.length; m++) {
            c += weights[m] / (1 + StrictMath.exp(-(edge - means[m]) * inverseScales[m]));
        }
        return c;
    }
}
