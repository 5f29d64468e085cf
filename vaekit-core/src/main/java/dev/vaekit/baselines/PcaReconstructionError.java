package dev.vaekit.baselines;

import dev.vaekit.data.Dataset;
import dev.vaekit.latent.PrincipalAxes;

/**
 * The classic linear anomaly score: the squared distance from an example to the k-dimensional principal subspace of
 * the training data, ‖x − m‖² − Σᵢ ((x − m)·aᵢ)² for the mean m and the top k unit axes aᵢ. It is the baseline a
 * VAE's likelihood has to beat: PCA is the maximum-likelihood limit of a linear-Gaussian latent model (Tipping &amp;
 * Bishop 1999).
 */
public final class PcaReconstructionError {
    private final PrincipalAxes axes;

    private PcaReconstructionError(PrincipalAxes axes) {
        this.axes = axes;
    }

    /**
     * @param train the rows to fit on
     * @param components k, 1 ≤ k ≤ dim
     * @return the fitted baseline
     */
    public static PcaReconstructionError fit(Dataset train, int components) {
        return new PcaReconstructionError(PrincipalAxes.fit(train.features(), train.dim(), components));
    }

    /** @return the share of the training variance the k axes explain */
    public double explainedVariance() {
        double sum = 0;
        for (double v : axes.variances()) {
            sum += v;
        }
        return axes.totalVariance() > 0 ? sum / axes.totalVariance() : 1;
    }

    /**
     * @param data rows of the training data's width
     * @return each row's squared reconstruction error
     */
    public double[] score(Dataset data) {
        int d = data.dim();
        if (d != axes.mean().length) {
            throw new IllegalArgumentException("rows of " + d + " features for a PCA of " + axes.mean().length);
        }
        double[] errors = new double[data.size()];
        double[] centred = new double[d];
        for (int i = 0; i < data.size(); i++) {
            double total = 0;
            for (int j = 0; j < d; j++) {
                centred[j] = data.features()[i * d + j] - axes.mean()[j];
                total += centred[j] * centred[j];
            }
            for (double[] axis : axes.axes()) {
                double projection = 0;
                for (int j = 0; j < d; j++) {
                    projection += centred[j] * axis[j];
                }
                total -= projection * projection;
            }
            errors[i] = Math.max(0, total);
        }
        return errors;
    }
}
