/**
 * Log-densities as functions of tensors. Every function works from the network's raw outputs (logits,
 * log-variances), never from {@code log(sigmoid(...))}, and sums over the last axis, giving one value per example
 * ({@link dev.vaekit.distributions.DiscretizedLogistic}'s and {@link dev.vaekit.distributions.Categorical256}'s
 * {@code *PerFeature} functions leave that sum to the caller). The {@code sample} functions draw from the same
 * parameters given the uniform or normal noise, so that the caller decides where the random numbers come from.
 */
package dev.vaekit.distributions;
