/**
 * Networks used as encoders and decoders: a named parameter store, dense layers and multi-layer perceptrons,
 * convolutional and residual encoders and decoders, and the conditional PixelCNN of a PixelVAE
 * ({@link dev.vaekit.nn.PixelCnn}: masked convolutions, gated two-stack layers). Weights use PyTorch's layouts (a
 * linear layer's weight is (out, in), a convolution's (out, in, kh, kw)) so a checkpoint loads into torch.nn modules
 * unchanged.
 */
package dev.vaekit.nn;
