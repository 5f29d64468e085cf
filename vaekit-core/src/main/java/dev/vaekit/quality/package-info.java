/**
 * Sample quality: how close a model's samples are to a data set's test images, as the Fréchet distance (Heusel et al.
 * 2017) and k-NN precision and recall (Kynkäänniemi et al. 2019) in the features of a small classifier that vaekit
 * trains on the data set's labels and caches ({@link dev.vaekit.quality.SampleQuality}, {@link
 * dev.vaekit.quality.FeatureClassifier}, {@link dev.vaekit.quality.ClassifierCache}). The measures themselves, on any
 * feature rows, are in {@link dev.vaekit.eval}. Not Inception FIDs: see docs/sample-quality.md.
 */
package dev.vaekit.quality;
