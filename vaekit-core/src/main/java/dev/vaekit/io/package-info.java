/**
 * File formats above the model: latent codes as CSV or NPY, and the export of a model's networks as ONNX graphs.
 */
package dev.vaekit.io;
