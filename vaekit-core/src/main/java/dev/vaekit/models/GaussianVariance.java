package dev.vaekit.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.vaekit.util.Choices;

/** How a Gaussian decoder's standard deviation is set. */
public enum GaussianVariance {
    /** σ is the configured constant. */
    FIXED,
    /** One learned log σ shared by all coordinates, initialised at the configured σ. */
    SHARED,
    /** One learned log σ per coordinate, initialised at the configured σ. */
    PER_DIMENSION;

    /** @return the config name */
    @JsonValue
    public String id() {
        return Choices.id(this);
    }

    /** Parses a config name. */
    @JsonCreator
    public static GaussianVariance parse(String text) {
        return Choices.parse(GaussianVariance.class, text, "Gaussian variance");
    }
}
