/**
 * Networks used as encoders and decoders: a named parameter store, dense layers and multi-layer perceptrons. Weights
 * use PyTorch's layouts (a linear layer's weight is (out, in)) so a checkpoint loads into torch.nn modules unchanged.
 */
package dev.vaekit.nn;
