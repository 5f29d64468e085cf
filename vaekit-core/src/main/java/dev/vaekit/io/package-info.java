/**
 * Files: configs as JSON/YAML, run folders and checkpoints (safetensors + manifest), atomic writes, latent codes, and
 * the export of a model's networks as ONNX graphs.
 */
package dev.vaekit.io;
