/**
 * Disentanglement metrics: how well a representation's codes separate the known factors of a {@link
 * dev.vaekit.data.factors.FactorData} set. {@link dev.vaekit.eval.disentanglement.Mig} (Chen et al. 2018), {@link
 * dev.vaekit.eval.disentanglement.SapScore} (Kumar et al. 2018), {@link dev.vaekit.eval.disentanglement.Dci} (Eastwood
 * &amp; Williams 2018), {@link dev.vaekit.eval.disentanglement.FactorVaeMetric} (Kim &amp; Mnih 2018) and {@link
 * dev.vaekit.eval.disentanglement.BetaVaeMetric} (Higgins et al. 2017), each with its estimator settings as a record
 * whose defaults are disentanglement_lib's (Locatello et al. 2019), so that the numbers compare with theirs. A metric
 * scores a {@link dev.vaekit.eval.disentanglement.RepresentationFunction}, a plain map from observations to codes
 * that knows nothing of models; {@link dev.vaekit.eval.disentanglement.DisentanglementReport} prints results as a
 * table and as a JSON line.
 */
package dev.vaekit.eval.disentanglement;
