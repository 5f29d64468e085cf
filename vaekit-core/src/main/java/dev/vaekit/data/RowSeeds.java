package dev.vaekit.data;

/**
 * Seeds of per-row random streams. Whatever is drawn for a row (its binarisation, its importance samples) is drawn from
 * a stream seeded by the run's seed and the row's index in the whole data set, so the result does not depend on how
 * the rows are batched or partitioned (one machine and a Spark cluster give the same numbers).
 */
public final class RowSeeds {
    private RowSeeds() {}

    /**
     * @param seed the seed of the whole computation
     * @param row the row's index in the whole data set
     * @return the seed of that row's stream: the two mixed by SplitMix64's finaliser (Steele et al. 2014)
     */
    public static long of(long seed, long row) {
        long z = seed * 0x9E3779B97F4A7C15L + row + 1;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
