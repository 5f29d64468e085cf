package dev.vaekit.compress;

/**
 * A categorical distribution as a table of cumulative frequencies, built once by the rule of {@link
 * SymbolCodec#cumulative(double, int, int, int)} from the running sums of its probabilities (added in symbol order,
 * so that the table is the same on every machine, and never decreases: adding a non-negative number never makes a
 * floating-point sum smaller).
 */
public final class CategoricalCodec implements SymbolCodec {
    private final int precision;
    private final int[] cumulative;

    private CategoricalCodec(int precision, int[] cumulative) {
        this.precision = precision;
        this.cumulative = cumulative;
    }

    /**
     * @param probabilities non-negative weights with a positive, finite sum (normalised here), one per symbol
     * @param precision P, with n ≤ 2ᴾ
     * @return the codec
     * @throws IllegalArgumentException if a weight is negative or not finite, or they sum to 0
     */
    public static CategoricalCodec fromProbabilities(double[] probabilities, int precision) {
        int n = probabilities.length;
        SymbolCodec.checkShape(n, precision);
        double total = 0;
        for (int i = 0; i < n; i++) {
            double p = probabilities[i];
            if (!(p >= 0) || Double.isInfinite(p)) {
                throw new IllegalArgumentException("probability " + i + " must be finite and >= 0, got " + p);
            }
            total += p;
        }
        if (!(total > 0) || Double.isInfinite(total)) {
            throw new IllegalArgumentException("the probabilities must have a positive, finite sum, got " + total);
        }
        return fromWeights(probabilities, total, precision);
    }

    /**
     * The softmax of logits: pᵢ ∝ exp(lᵢ − max l), with {@link StrictMath#exp}.
     *
     * @param logits finite logits, one per symbol
     * @param precision P, with n ≤ 2ᴾ
     * @return the codec
     * @throws IllegalArgumentException if a logit is not finite
     */
    public static CategoricalCodec fromLogits(double[] logits, int precision) {
        int n = logits.length;
        SymbolCodec.checkShape(n, precision);
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(logits[i])) {
                throw new IllegalArgumentException("logit " + i + " must be finite, got " + logits[i]);
            }
            max = Math.max(max, logits[i]);
        }
        double[] weights = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            weights[i] = StrictMath.exp(logits[i] - max);
            total += weights[i];
        }
        return fromWeights(weights, total, precision); // total ≥ 1: the largest logit's weight is exactly 1
    }

    private static CategoricalCodec fromWeights(double[] weights, double total, int precision) {
        int n = weights.length;
        int[] cumulative = new int[n + 1];
        double running = 0;
        for (int i = 1; i < n; i++) {
            running += weights[i - 1];
            cumulative[i] = SymbolCodec.cumulative(running / total, i, n, precision);
        }
        cumulative[n] = 1 << precision;
        return new CategoricalCodec(precision, cumulative);
    }

    @Override
    public int precision() {
        return precision;
    }

    @Override
    public int symbols() {
        return cumulative.length - 1;
    }

    @Override
    public int cumulative(int symbol) {
        return cumulative[symbol];
    }
}
