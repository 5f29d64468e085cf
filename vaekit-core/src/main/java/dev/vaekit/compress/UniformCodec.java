package dev.vaekit.compress;

/**
 * The uniform distribution over 2ᴮ symbols at precision B: symbol i is [i, i+1). Exact, with no rounding: BB-ANS's
 * prior over latent buckets of equal prior mass (Townsend et al. 2019, appendix B).
 */
public final class UniformCodec implements SymbolCodec {
    private final int bits;

    /** @param bits B, in [1, {@link RansStack#MAX_PRECISION}] */
    public UniformCodec(int bits) {
        SymbolCodec.checkShape(1, bits);
        this.bits = bits;
    }

    @Override
    public int precision() {
        return bits;
    }

    @Override
    public int symbols() {
        return 1 << bits;
    }

    @Override
    public int cumulative(int symbol) {
        return Math.max(0, Math.min(symbol, 1 << bits));
    }

    @Override
    public void push(RansStack message, int symbol) {
        if (symbol < 0 || symbol >= 1 << bits) {
            throw new IllegalArgumentException("a symbol must be in [0, 2^" + bits + "), got " + symbol);
        }
        message.push(symbol, 1, bits);
    }

    @Override
    public int pop(RansStack message) {
        int symbol = message.peek(bits);
        message.pop(symbol, 1, bits);
        return symbol;
    }
}
