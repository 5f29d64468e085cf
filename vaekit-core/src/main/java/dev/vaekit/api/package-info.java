/**
 * The Java API: train a model from a config on data of one's own ({@link dev.vaekit.api.Training}), then encode,
 * decode, sample, score, evaluate, interpolate and save it, or load a run folder ({@link
 * dev.vaekit.api.TrainedModel}). Everything here is built on the public types of the other packages, which remain
 * usable directly: configs ({@link dev.vaekit.train.RunConfig} and the records it holds, each with a builder), data
 * ({@link dev.vaekit.data.Dataset}, {@link dev.vaekit.data.Datasets}), models ({@link dev.vaekit.models.Model}) and
 * training listeners ({@link dev.vaekit.train.TrainingListener}). See docs/java-api.md.
 */
package dev.vaekit.api;
