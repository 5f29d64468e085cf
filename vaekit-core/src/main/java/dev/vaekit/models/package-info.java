/**
 * Models composed from networks, distributions and a prior: the dense {@link dev.vaekit.models.Vae}, its
 * configuration record and its observation models p(x|z).
 */
package dev.vaekit.models;
