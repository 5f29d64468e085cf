/**
 * Post-hoc samplers: densities fitted after training to a model's codes of its training data (a Gaussian mixture, a
 * masked autoregressive flow, the second stage of the two-stage VAE), whose draws are decoded instead of the prior's
 * ({@link dev.vaekit.samplers.LatentSampler}).
 */
package dev.vaekit.samplers;
