package dev.vaekit.compress;

/**
 * A distribution over the symbols 0 … n−1 as integer frequencies under a precision of P bits: symbol s occupies
 * [c(s), c(s+1)) of [0, 2ᴾ), with 0 = c(0) &lt; c(1) &lt; … &lt; c(n) = 2ᴾ, so every symbol has a frequency of at
 * least 1 and the frequencies sum to 2ᴾ. Pushing a symbol onto a {@link RansStack} costs log₂(2ᴾ / f) bits; popping
 * one draws it with probability f / 2ᴾ.
 *
 * <p>Codecs built from a continuous CDF C (with C(0) = 0 and C(n) = 1 at the ends) all use one rule, {@link
 * #cumulative(double, int, int, int)}: c(i) = ⌊C(i) (2ᴾ − n)⌋ + i, the rule of Townsend et al.'s craystack: each
 * symbol gets one unit, and the other 2ᴾ − n units follow C. It needs C at two points for a push and at O(log n)
 * points for a pop, so a codec over thousands of symbols never builds its table.
 */
public interface SymbolCodec {
    /** @return P, in [1, {@link RansStack#MAX_PRECISION}] */
    int precision();

    /** @return n, the number of symbols, in [1, 2ᴾ] */
    int symbols();

    /**
     * @param symbol i in [0, n]
     * @return c(i), the total frequency of the symbols below i: 0 at 0 and 2ᴾ at n
     */
    int cumulative(int symbol);

    /**
     * @param symbol s in [0, n)
     * @return its frequency c(s+1) − c(s)
     */
    default int frequency(int symbol) {
        return cumulative(symbol + 1) - cumulative(symbol);
    }

    /**
     * Pushes a symbol.
     *
     * @throws IllegalArgumentException if the symbol is outside [0, n)
     * @throws IllegalStateException if the codec gives it no frequency (a CDF that is not monotone)
     */
    default void push(RansStack message, int symbol) {
        if (symbol < 0 || symbol >= symbols()) {
            throw new IllegalArgumentException("a symbol must be in [0, " + symbols() + "), got " + symbol);
        }
        int start = cumulative(symbol);
        int end = cumulative(symbol + 1);
        if (end <= start) {
            throw new IllegalStateException(
                    "symbol " + symbol + " of " + getClass().getSimpleName() + " got no frequency: its CDF decreased");
        }
        message.push(start, end - start, precision());
    }

    /**
     * Pops a symbol: the s with c(s) ≤ x mod 2ᴾ &lt; c(s+1), found by bisection.
     *
     * @return the symbol
     */
    default int pop(RansStack message) {
        int precision = precision();
        int cf = message.peek(precision);
        // invariant: c(low) ≤ cf < c(high); it holds at the ends and survives each halving, so the interval found
        // is never empty, whatever the CDF does in between
        int low = 0;
        int high = symbols();
        int cLow = 0;
        int cHigh = 1 << precision;
        while (high - low > 1) {
            int mid = (low + high) >>> 1;
            int c = cumulative(mid);
            if (c <= cf) {
                low = mid;
                cLow = c;
            } else {
                high = mid;
                cHigh = c;
            }
        }
        message.pop(cLow, cHigh - cLow, precision);
        return low;
    }

    /**
     * The quantisation rule c(i) = ⌊C (2ᴾ − n)⌋ + i, with C clamped to [0, 1] and made exact at the ends.
     *
     * @param cdf C(i), the probability of the symbols below i
     * @param symbol i in [0, n]
     * @param symbols n, at most 2ᴾ
     * @param precision P
     * @return c(i)
     */
    static int cumulative(double cdf, int symbol, int symbols, int precision) {
        if (symbol <= 0) {
            return 0;
        }
        if (symbol >= symbols) {
            return 1 << precision;
        }
        double c = cdf > 0 ? Math.min(cdf, 1.0) : 0.0; // NaN counts as 0
        long spare = (1L << precision) - symbols;
        return (int) Math.min(spare, (long) Math.floor(c * spare)) + symbol;
    }

    /**
     * Checks a codec's shape.
     *
     * @throws IllegalArgumentException if the precision is outside [1, {@link RansStack#MAX_PRECISION}] or n is
     *     outside [1, 2ᴾ]
     */
    static void checkShape(int symbols, int precision) {
        if (precision < 1 || precision > RansStack.MAX_PRECISION) {
            throw new IllegalArgumentException(
                    "the precision must be in [1, " + RansStack.MAX_PRECISION + "] bits, got " + precision);
        }
        if (symbols < 1 || symbols > 1 << precision) {
            throw new IllegalArgumentException(
                    "a codec of precision " + precision + " holds 1 to 2^" + precision + " symbols, got " + symbols);
        }
    }
}
