/**
 * Models composed from networks, distributions and a prior: the {@link dev.vaekit.models.Vae} (dense, convolutional,
 * residual, or with a PixelCNN decoder), the plain (deterministic) {@link dev.vaekit.models.PlainAutoencoder} with the
 * same networks, the {@link dev.vaekit.models.Autoencoder} interface both implement, their configuration record, their
 * observation models p(x|z), and the per-pixel draws of an autoregressive decoder.
 */
package dev.vaekit.models;
