/**
 * Evaluation: the ELBO and its terms, log p(x) by importance sampling (in nats and bits per dimension, with standard
 * errors), active units, log p(x) of any decoder with codes drawn from N(0, I)
 * ({@link dev.vaekit.eval.PriorSampledLogLikelihood}), and nearest neighbours in Euclidean distance or angle.
 */
package dev.vaekit.eval;
