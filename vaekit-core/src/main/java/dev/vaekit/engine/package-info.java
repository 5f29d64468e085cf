/** Tensor-engine plumbing: engine start-up, thread settings, tensor helpers shared by every package. */
package dev.vaekit.engine;
