/**
 * Demonstrations of the ideas behind the VAE, each computed with vaekit's own code on real (small) data and returned as
 * a result record: the reparameterization trick against the score-function estimator ({@link ReparameterizationDemo}),
 * the variance of Kingma &amp; Welling's estimators A and B ({@link EstimatorVarianceDemo}), the gap between the ELBO and
 * log p(x) as the number of importance samples grows ({@link ElboGapDemo}), and the effect of the KL weight β
 * ({@link KlWeightDemo}). The command line's {@code vaekit demo} prints and draws them; docs/theory.md explains them.
 */
package dev.vaekit.demos;
