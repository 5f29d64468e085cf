package dev.vaekit.compress;

import dev.vaekit.distributions.NormalCdf;

/**
 * The discretisation of a latent coordinate in BB-ANS (Townsend, Bird &amp; Barber 2019, section 2.5.1 and appendix
 * B): the real line cut into n = 2ᴮ buckets of equal mass 1/n under the prior N(0, 1), bucket i being [e_i, e_{i+1})
 * with e_0 = −∞, e_i = Φ⁻¹(i/n) and e_n = +∞, and represented by its centre c_i = Φ⁻¹((i + ½)/n), the point that
 * halves its prior mass. The decoder p(x|z) is evaluated at the centres.
 *
 * <p>Each Φ⁻¹(p) here is defined as the midpoint after 64 bisections of Φ(x) = p on [−40, 40] with {@link
 * NormalCdf#phi}, accurate to the resolution of Φ in double precision (about 10⁻¹⁶ in probability), and the same on
 * every JVM; {@link
 * dev.vaekit.distributions.NormalQuantile} is not used because it calls {@link Math#log}, which may differ between
 * platforms in the last bit.
 */
public final class LatentBuckets {
    /** The largest number of bits per latent coordinate: 2¹⁶ buckets. */
    public static final int MAX_BITS = 16;

    private static final int BISECTIONS = 64;
    private static final double BRACKET = 40;
    private static final LatentBuckets[] CACHE = new LatentBuckets[MAX_BITS + 1];

    private final int bits;
    private final double[] edges;
    private final double[] centres;

    private LatentBuckets(int bits) {
        this.bits = bits;
        int n = 1 << bits;
        this.edges = new double[n + 1];
        this.centres = new double[n];
        edges[0] = Double.NEGATIVE_INFINITY;
        edges[n] = Double.POSITIVE_INFINITY;
        for (int i = 1; i < n; i++) {
            edges[i] = quantile((double) i / n);
        }
        for (int i = 0; i < n; i++) {
            centres[i] = quantile((i + 0.5) / n);
            if (!(edges[i] < centres[i] && centres[i] < edges[i + 1])) {
                throw new IllegalStateException("the bucket edges of " + bits + " bits are not increasing at " + i);
            }
        }
    }

    /**
     * @param bits B, in [1, {@value #MAX_BITS}]
     * @return the 2ᴮ buckets (computed once per B and kept)
     * @throws IllegalArgumentException if B is out of range
     */
    public static LatentBuckets of(int bits) {
        if (bits < 1 || bits > MAX_BITS) {
            throw new IllegalArgumentException(
                    "the bits per latent coordinate must be in [1, " + MAX_BITS + "], got " + bits);
        }
        synchronized (CACHE) {
            if (CACHE[bits] == null) {
                CACHE[bits] = new LatentBuckets(bits);
            }
            return CACHE[bits];
        }
    }

    /** @return B */
    public int bits() {
        return bits;
    }

    /** @return n = 2ᴮ */
    public int count() {
        return centres.length;
    }

    /**
     * @param i in [0, n]
     * @return e_i: −∞ at 0, +∞ at n
     */
    public double edge(int i) {
        return edges[i];
    }

    /**
     * @param bucket i in [0, n)
     * @return c_i
     */
    public double centre(int bucket) {
        return centres[bucket];
    }

    /** Φ⁻¹(p) by bisection (see the class comment). */
    private static double quantile(double p) {
        double low = -BRACKET;
        double high = BRACKET;
        for (int k = 0; k < BISECTIONS; k++) {
            double mid = 0.5 * (low + high);
            if (NormalCdf.phi(mid) < p) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return 0.5 * (low + high);
    }
}
