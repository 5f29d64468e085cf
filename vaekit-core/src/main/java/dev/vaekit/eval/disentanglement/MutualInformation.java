package dev.vaekit.eval.disentanglement;

import java.util.Arrays;

/**
 * Discrete entropies and mutual information in nats, from empirical frequencies (plug-in estimates, as scikit-learn's
 * {@code mutual_info_score}), and the equal-width histogram discretisation that MIG applies to codes.
 */
public final class MutualInformation {
    private MutualInformation() {}

    /**
     * Equal-width bins from the minimum to the maximum, as NumPy's {@code digitize(x, histogram(x, bins)[1][:-1])}:
     * bin b (from 0) holds edge_b ≤ x &lt; edge_{b+1}, the maximum falls in the last bin, and a constant input gets
     * bin edges around it (the range widened by ½ each way).
     *
     * @param x values, finite
     * @param bins number of bins, at least 1
     * @return each value's bin in [0, bins)
     */
    public static int[] histogramBins(double[] x, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, got " + bins);
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (lo == hi) {
            lo -= 0.5;
            hi += 0.5;
        }
        double step = (hi - lo) / bins;
        double[] edges = new double[bins]; // the lower edges; NumPy's linspace computes i · step + start
        for (int b = 0; b < bins; b++) {
            edges[b] = b * step + lo;
        }
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            // the number of lower edges ≤ x, less one
            int pos = Arrays.binarySearch(edges, x[i]);
            if (pos >= 0) {
                while (pos + 1 < bins && edges[pos + 1] == x[i]) {
                    pos++;
                }
                out[i] = pos;
            } else {
                out[i] = Math.max(0, -pos - 2);
            }
        }
        return out;
    }

    /**
     * @param labels class labels, any integers
     * @return H(labels) = −Σ p log p over the observed frequencies, nats
     */
    public static double entropy(int[] labels) {
        int[] dense = densify(labels);
        int k = max(dense) + 1;
        long[] counts = new long[k];
        for (int v : dense) {
            counts[v]++;
        }
        double n = labels.length;
        double h = 0;
        for (long c : counts) {
            if (c > 0) {
                h -= c / n * Math.log(c / n);
            }
        }
        return h;
    }

    /**
     * @param a labels of the first variable
     * @param b labels of the second variable, one per label of {@code a}
     * @return I(a; b) = Σ p(a, b) log(p(a, b) / (p(a) p(b))) over the observed frequencies, nats
     */
    public static double mutualInformation(int[] a, int[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(a.length + " labels against " + b.length);
        }
        int n = a.length;
        if (n == 0) {
            return 0;
        }
        int[] da = densify(a);
        int[] db = densify(b);
        int ka = max(da) + 1;
        int kb = max(db) + 1;
        long[] joint = new long[ka * kb];
        long[] ca = new long[ka];
        long[] cb = new long[kb];
        for (int i = 0; i < n; i++) {
            joint[da[i] * kb + db[i]]++;
            ca[da[i]]++;
            cb[db[i]]++;
        }
        double mi = 0;
        for (int i = 0; i < ka; i++) {
            for (int j = 0; j < kb; j++) {
                long c = joint[i * kb + j];
                if (c > 0) {
                    mi += c / (double) n * Math.log((double) c * n / ((double) ca[i] * cb[j]));
                }
            }
        }
        return Math.max(0, mi);
    }

    /** @return the labels renumbered 0, 1, ... in increasing order of value */
    static int[] densify(int[] labels) {
        int[] sorted = labels.clone();
        Arrays.sort(sorted);
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[distinct++] = sorted[i];
            }
        }
        int[] values = Arrays.copyOf(sorted, distinct);
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = Arrays.binarySearch(values, labels[i]);
        }
        return out;
    }

    private static int max(int[] v) {
        int m = -1;
        for (int x : v) {
            m = Math.max(m, x);
        }
        return m;
    }
}
