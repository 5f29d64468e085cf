/**
 * Evaluation measures below the models: the {@link dev.vaekit.eval.LikelihoodEstimator} contract a model's log p(x)
 * estimator fulfils and its reports, active units, the AUROC of anomaly scores, nearest neighbours in Euclidean
 * distance or angle, and the sample-quality measures on feature rows: the Fréchet distance between fitted Gaussians
 * and k-NN precision and recall.
 */
package dev.vaekit.eval;
