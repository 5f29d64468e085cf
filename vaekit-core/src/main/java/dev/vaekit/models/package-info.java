/**
 * Models composed from networks, distributions and a prior: the dense {@link dev.vaekit.models.Vae}, the plain
 * (deterministic) {@link dev.vaekit.models.PlainAutoencoder} with the same networks, the
 * {@link dev.vaekit.models.Autoencoder} interface both implement, their configuration record and their observation
 * models p(x|z).
 */
package dev.vaekit.models;
