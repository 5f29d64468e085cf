package dev.vaekit.eval;

import dev.vaekit.InvalidInputException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The area under the ROC curve of a score that should be higher for positives (anomalies) than for negatives: the
 * probability that a random positive outscores a random negative, ties counting one half. It is the Mann–Whitney U
 * statistic divided by n₊n₋, computed from mid-ranks in O(n log n).
 *
 * <p>The standard error is Hanley &amp; McNeil's (Radiology 143, 1982, equation 2): with A the area, Q₁ = A/(2 − A)
 * and Q₂ = 2A²/(1 + A), SE² = [A(1 − A) + (n₊ − 1)(Q₁ − A²) + (n₋ − 1)(Q₂ − A²)] / (n₊n₋).
 *
 * @param value the area, in [0, 1]; 0.5 is chance
 * @param standardError Hanley–McNeil standard error
 * @param positives n₊
 * @param negatives n₋
 */
public record Auroc(double value, double standardError, int positives, int negatives) {

    /**
     * @param scores one score per example, higher meaning more anomalous; must be finite
     * @param positive which examples are positives
     * @return the area and its standard error
     * @throws InvalidInputException if either class is empty
     */
    public static Auroc of(double[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException(scores.length + " scores for " + positive.length + " examples");
        }
        int n = scores.length;
        int nPos = 0;
        for (boolean p : positive) {
            nPos += p ? 1 : 0;
        }
        int nNeg = n - nPos;
        if (nPos == 0 || nNeg == 0) {
            throw new InvalidInputException("AUROC needs both anomalies and normal examples; found " + nPos
                    + " anomalies and " + nNeg + " others");
        }
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double rankSumPos = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1; // ranks are 1-based; tied scores share their mean rank
            for (int t = i; t <= j; t++) {
                if (positive[order[t]]) {
                    rankSumPos += midRank;
                }
            }
            i = j + 1;
        }
        double u = rankSumPos - nPos * (nPos + 1) / 2.0;
        double a = u / ((double) nPos * nNeg);
        double q1 = a / (2 - a);
        double q2 = 2 * a * a / (1 + a);
        double variance =
                (a * (1 - a) + (nPos - 1) * (q1 - a * a) + (nNeg - 1) * (q2 - a * a)) / ((double) nPos * nNeg);
        return new Auroc(a, Math.sqrt(Math.max(0, variance)), nPos, nNeg);
    }
}
