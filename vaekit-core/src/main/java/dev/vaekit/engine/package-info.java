/**
 * Tensor-engine plumbing: engine start-up, thread settings, tensor helpers shared by every package.
 *
 * <p>Rules for code that is differentiated (anything between a {@code GradientCollector}'s creation and its
 * {@code backward}), learned the hard way with DJL 0.35.1 and libtorch 2.7.1:
 *
 * <ul>
 *   <li>Cut tensors with {@code split} or {@code reshape}, not {@code NDArray.get(NDIndex)}: with index slices in the
 *       graph, gradients came out non-finite now and then while the loss was finite, only under CPU load (4 of 28
 *       small training runs; 0 of 48 with {@code split}).
 *   <li>Work in logits and log-variances; never take {@code log(sigmoid(...))}.
 *   <li>Gradients accumulate in place and are zeroed by the optimizer's sweep ({@code train.Adam}); nothing else may
 *       replace a parameter's gradient tensor, or the optimizer's views of it go stale.
 * </ul>
 */
package dev.vaekit.engine;
