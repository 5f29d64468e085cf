/**
 * Tensor-engine plumbing: engine start-up, thread settings, tensor helpers shared by every package.
 *
 * <p>Rules for code that is differentiated (anything between a {@code GradientCollector}'s creation and its
 * {@code backward}), learned the hard way with DJL 0.35.1 and libtorch 2.7.1 (and still so with DJL 0.36.0):
 *
 * <ul>
 *   <li>Never hand autograd a tensor whose memory is a Java direct buffer that may be freed before the backward pass.
 *       DJL's overloads that take a number ({@code x.mul(0.5f)}, {@code div}, {@code pow}, {@code maximum},
 *       {@code minimum}) do exactly that: they wrap the number in such a tensor and drop it after the op, and the
 *       garbage collector may free it before {@code backward} reads it. Use {@link dev.vaekit.engine.Tensors#scale}
 *       and its siblings; {@code JavaBackedOperandsTest} fails on any use of the unsafe overloads. Until this was
 *       found, it showed as same-seed runs parting at the first collection, gradients off by up to 10^33, and
 *       non-finite gradients under a finite loss, all more often under CPU load.
 *   <li>Cut tensors with {@code split} or {@code reshape}, not {@code NDArray.get(NDIndex)}: with index slices in the
 *       graph, gradients came out non-finite now and then while the loss was finite, under CPU load (4 of 28 small
 *       training runs; 0 of 48 with {@code split}). Those runs also used the unsafe overloads above, which probably
 *       caused it; general indexing builds its index tensors the same way, so the rule stays.
 *   <li>Work in logits and log-variances; never take {@code log(sigmoid(...))}.
 *   <li>Gradients accumulate in place and are zeroed by the optimizer's sweep ({@code train.Adam}); nothing else may
 *       replace a parameter's gradient tensor, or the optimizer's views of it go stale.
 * </ul>
 */
package dev.vaekit.engine;
