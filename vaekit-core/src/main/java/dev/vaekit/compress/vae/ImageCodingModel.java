package dev.vaekit.compress.vae;

import dev.vaekit.InvalidInputException;
import dev.vaekit.compress.CodingScheme;
import dev.vaekit.compress.LatentChainModel;
import dev.vaekit.models.Autoencoder;
import dev.vaekit.models.Model;

/**
 * A trained vaekit model adapted for bits-back coding of images, as {@link VaeCompression} codes with it: a VAE with
 * one latent layer ({@link VaeCodingModel}, BB-ANS) or a model whose latent layers form a Markov chain ({@link
 * VaeChainCodingModel}, Bit-Swap by default). {@link #of} picks by what the model offers through the model contract
 * ({@link Autoencoder#gaussianChain()}), never by its class.
 */
public sealed interface ImageCodingModel permits VaeCodingModel, VaeChainCodingModel {
    /**
     * @param model a trained model
     * @return the chain's coder if the model offers a Markov chain of Gaussian latent layers, else the single-layer one
     * @throws InvalidInputException in one line saying why, for a model neither can code
     */
    static ImageCodingModel of(Model model) {
        boolean chain = model.autoencoder().flatMap(Autoencoder::gaussianChain).isPresent();
        return chain ? VaeChainCodingModel.of(model) : VaeCodingModel.of(model);
    }

    /** @return an example's shape (channels, height, width), as the model takes it */
    int[] shape();

    /** @return D, the features of an example */
    int featureCount();

    /** @return 2 for binary images (features 0 and 1), 256 for 8-bit ones */
    int alphabetSize();

    /** @return the network passes made so far */
    long passes();

    /** @return the model as a chain of latent layers: one layer for a VAE */
    LatentChainModel chain();

    /** @return whether the model offers its layers as a Markov chain, so that Bit-Swap applies */
    boolean offersChain();

    /** @return the model in words, for messages: e.g. {@code a ladder VAE (dense-ladder-vae)} */
    String description();

    /** @return Bit-Swap for a chain of two or more layers, BB-ANS otherwise (they are the same for one layer) */
    default CodingScheme defaultScheme() {
        return chain().layerSizes().length > 1 ? CodingScheme.BIT_SWAP : CodingScheme.BB_ANS;
    }

    /**
     * @param requested the scheme asked for, or null for the {@link #defaultScheme}
     * @return the scheme to code with
     * @throws InvalidInputException if Bit-Swap is asked of a model that does not offer a Markov chain of latent layers
     */
    default CodingScheme scheme(CodingScheme requested) {
        if (requested == null) {
            return defaultScheme();
        }
        if (requested == CodingScheme.BIT_SWAP && !offersChain()) {
            throw new InvalidInputException("Bit-Swap needs latent layers that form a bottom-up Markov chain "
                    + "q(z_1|x) q(z_2|z_1) ... (a dense-ladder-vae with model.inference: bottom-up); " + description()
                    + " has one latent layer, which bb-ans codes");
        }
        return requested;
    }
}
