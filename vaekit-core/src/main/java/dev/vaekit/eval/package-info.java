/**
 * Evaluation measures below the models: the {@link dev.vaekit.eval.LikelihoodEstimator} contract a model's log p(x)
 * estimator fulfils and its reports, active units, the AUROC of anomaly scores, and nearest neighbours in Euclidean
 * distance or angle.
 */
package dev.vaekit.eval;
