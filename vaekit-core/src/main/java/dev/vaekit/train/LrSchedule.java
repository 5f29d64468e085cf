package dev.vaekit.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.vaekit.util.Choices;

/** The learning rate as a function of the epoch. */
public enum LrSchedule {
    /** lr throughout. */
    CONSTANT,
    /** lr · ½ (1 + cos(π e / E)) at epoch e of E (Loshchilov &amp; Hutter 2017, without restarts). */
    COSINE,
    /** lr · decayᵉ. */
    EXPONENTIAL;

    /**
     * @param base the configured rate
     * @param decay the per-epoch factor of {@link #EXPONENTIAL}
     * @param epoch 0-based epoch
     * @param epochs total epochs
     * @return the rate for that epoch
     */
    public double rate(double base, double decay, int epoch, int epochs) {
        return switch (this) {
            case CONSTANT -> base;
            case COSINE -> base * 0.5 * (1 + Math.cos(Math.PI * epoch / epochs));
            case EXPONENTIAL -> base * Math.pow(decay, epoch);
        };
    }

    /** @return the config name */
    @JsonValue
    public String id() {
        return Choices.id(this);
    }

    /** Parses a config name. */
    @JsonCreator
    public static LrSchedule parse(String text) {
        return Choices.parse(LrSchedule.class, text, "learning-rate schedule");
    }
}
