/**
 * Normalizing flows: invertible layers that return their output and the log-determinant of their Jacobian
 * ({@link dev.vaekit.flows.FlowLayer}), stacks of them, and the transforms between 8-bit data and the real line
 * (dequantization, logit) that exact likelihoods need. Used as VAE posteriors and priors and as stand-alone density
 * models.
 */
package dev.vaekit.flows;
