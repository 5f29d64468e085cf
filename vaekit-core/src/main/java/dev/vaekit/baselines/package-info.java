/** Non-VAE reference methods that vaekit's models are compared with: PCA reconstruction error. */
package dev.vaekit.baselines;
