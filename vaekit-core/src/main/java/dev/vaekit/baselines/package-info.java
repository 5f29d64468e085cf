/**
 * Non-VAE reference methods that vaekit's models are compared with: PCA (with its probabilistic-PCA density),
 * Gaussian mixtures fitted by EM, Gaussian kernel density estimation, the PCA reconstruction error as an anomaly score,
 * and the held-out density comparison of them.
 */
package dev.vaekit.baselines;
