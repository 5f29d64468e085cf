/**
 * Evaluation: the ELBO and its terms, log p(x) by importance sampling (in nats and bits per dimension, with standard
 * errors), and active units.
 */
package dev.vaekit.eval;
