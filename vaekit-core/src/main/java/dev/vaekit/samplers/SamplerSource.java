package dev.vaekit.samplers;

import dev.vaekit.InvalidInputException;

/**
 * The weights of the run whose codes a {@link LatentSampler} was fitted to, so that a sampler is not used with other
 * weights (a run trained further, or its best weights instead of its last) without a word.
 *
 * @param weightsFile the weights file of the run, e.g. {@code best-weights.safetensors}
 * @param weightsSha256 its SHA-256, as the run's manifest lists it
 * @param description which weights they are, in words, e.g. {@code weights of epoch 7 of 10, the best on validation}
 */
public record SamplerSource(String weightsFile, String weightsSha256, String description) {

    /** Validates that every field is set. */
    public SamplerSource {
        if (weightsFile == null || weightsSha256 == null || description == null) {
            throw new InvalidInputException("a sampler's source needs its weightsFile, weightsSha256 and description");
        }
    }
}
