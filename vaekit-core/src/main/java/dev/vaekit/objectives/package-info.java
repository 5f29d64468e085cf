/**
 * Training objectives: the ELBO with Kingma &amp; Welling's estimators A and B, β weighting, KL warm-up, free
 * bits, IWAE.
 */
package dev.vaekit.objectives;
