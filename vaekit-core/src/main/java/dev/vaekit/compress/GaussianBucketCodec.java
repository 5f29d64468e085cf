package dev.vaekit.compress;

import dev.vaekit.distributions.NormalCdf;

/**
 * A Gaussian N(μ, σ²) over the buckets of {@link LatentBuckets}: the posterior q(z_d|x) of BB-ANS (Townsend et al.
 * 2019, section 2.5.1), bucket i having the mass C(i+1) − C(i) with C(i) = Φ((e_i − μ)/σ), quantised by the rule of
 * {@link SymbolCodec#cumulative(double, int, int, int)} and evaluated only where a push or a pop needs it.
 */
public final class GaussianBucketCodec implements SymbolCodec {
    private final LatentBuckets buckets;
    private final double mean;
    private final double scale;
    private final int precision;

    /**
     * @param buckets the discretisation
     * @param mean μ, finite
     * @param scale σ, positive and finite
     * @param precision P, with 2ᴮ ≤ 2ᴾ
     * @throws IllegalArgumentException if a parameter is out of range
     */
    public GaussianBucketCodec(LatentBuckets buckets, double mean, double scale, int precision) {
        SymbolCodec.checkShape(buckets.count(), precision);
        if (!Double.isFinite(mean) || !(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException(
                    "a Gaussian over buckets needs a finite mean and a positive, finite scale, got " + mean + " and "
                            + scale);
        }
        this.buckets = buckets;
        this.mean = mean;
        this.scale = scale;
        this.precision = precision;
    }

    @Override
    public int precision() {
        return precision;
    }

    @Override
    public int symbols() {
        return buckets.count();
    }

    @Override
    public int cumulative(int symbol) {
        int n = buckets.count();
        if (symbol <= 0 || symbol >= n) {
            return SymbolCodec.cumulative(0, symbol, n, precision);
        }
        return SymbolCodec.cumulative(NormalCdf.phi((buckets.edge(symbol) - mean) / scale), symbol, n, precision);
    }
}
