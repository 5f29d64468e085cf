package dev.vaekit.compress;

/**
 * A Bernoulli distribution over {0, 1} from its logit ℓ = log(p₁ / p₀): C(1) = P(x = 0) = 1 / (1 + e^ℓ) (with {@link
 * StrictMath#exp}), quantised by the rule of {@link SymbolCodec#cumulative(double, int, int, int)}, so each value
 * keeps a frequency of at least 1 however sure the logit.
 */
public final class BernoulliCodec implements SymbolCodec {
    private final int precision;
    private final int split;

    /**
     * @param logit ℓ, finite
     * @param precision P in [1, {@link RansStack#MAX_PRECISION}]
     * @throws IllegalArgumentException if the logit is not finite
     */
    public BernoulliCodec(double logit, int precision) {
        SymbolCodec.checkShape(2, precision);
        if (!Double.isFinite(logit)) {
            throw new IllegalArgumentException("a Bernoulli logit must be finite, got " + logit);
        }
        this.precision = precision;
        this.split = SymbolCodec.cumulative(1 / (1 + StrictMath.exp(logit)), 1, 2, precision);
    }

    @Override
    public int precision() {
        return precision;
    }

    @Override
    public int symbols() {
        return 2;
    }

    @Override
    public int cumulative(int symbol) {
        return symbol <= 0 ? 0 : symbol == 1 ? split : 1 << precision;
    }
}
