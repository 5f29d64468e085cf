package dev.vaekit.baselines;

import dev.vaekit.data.Dataset;

/**
 * The classic linear anomaly score: the squared distance from an example to the k-dimensional principal subspace of
 * the training data, ‖x − m‖² − Σᵢ ((x − m)·aᵢ)² for the mean m and the top k unit axes aᵢ ({@link Pca}). It is the
 * baseline a VAE's likelihood has to beat: PCA is the maximum-likelihood limit of a linear-Gaussian latent model
 * (Tipping &amp; Bishop 1999).
 */
public final class PcaReconstructionError {
    private final Pca pca;

    private PcaReconstructionError(Pca pca) {
        this.pca = pca;
    }

    /**
     * @param train the rows to fit on
     * @param components k, 1 ≤ k ≤ dim
     * @return the fitted baseline
     */
    public static PcaReconstructionError fit(Dataset train, int components) {
        return new PcaReconstructionError(Pca.fit(train.features(), train.dim(), components));
    }

    /** @return the share of the training variance the k axes explain */
    public double explainedVariance() {
        return pca.explainedVariance();
    }

    /**
     * @param data rows of the training data's width
     * @return each row's squared reconstruction error
     */
    public double[] score(Dataset data) {
        int d = data.dim();
        if (d != pca.dim()) {
            throw new IllegalArgumentException("rows of " + d + " features for a PCA of " + pca.dim());
        }
        float[] reconstructed = pca.decode(pca.encode(data.features()));
        double[] errors = new double[data.size()];
        for (int i = 0; i < data.size(); i++) {
            double total = 0;
            for (int j = 0; j < d; j++) {
                double e = data.features()[i * d + j] - reconstructed[i * d + j];
                total += e * e;
            }
            errors[i] = total;
        }
        return errors;
    }
}
