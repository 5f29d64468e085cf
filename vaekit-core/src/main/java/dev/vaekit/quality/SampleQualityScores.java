package dev.vaekit.quality;

import dev.vaekit.eval.FrechetDistance;
import dev.vaekit.eval.PrecisionRecall;

/**
 * The sample-quality measures of n rows against n test images, in the feature classifier's features.
 *
 * @param n the rows compared, and the test images they are compared with
 * @param frechet the Fréchet distance between the Gaussians fitted to both sets of features, with its two terms
 * @param precisionRecall k-NN precision and recall
 * @param seconds wall time of the features and the measures
 */
public record SampleQualityScores(int n, FrechetDistance frechet, PrecisionRecall precisionRecall, double seconds) {

    /** @return the Fréchet distance */
    public double frechetDistance() {
        return frechet.value();
    }

    /** @return the share of the rows inside the test images' k-NN manifold */
    public double precision() {
        return precisionRecall.precision();
    }

    /** @return the share of the test images inside the rows' k-NN manifold */
    public double recall() {
        return precisionRecall.recall();
    }

    /** @return the neighbour of the precision and recall's radii */
    public int k() {
        return precisionRecall.k();
    }
}
