/** Training objectives: the ELBO with Kingma &amp; Welling's estimators A and B, β weighting, KL warm-up, IWAE. */
package dev.vaekit.objectives;
