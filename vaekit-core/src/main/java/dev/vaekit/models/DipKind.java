package dev.vaekit.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.vaekit.util.Choices;

/** Which covariance DIP-VAE (Kumar et al. 2018) matches to the identity. */
public enum DipKind {
    /** DIP-VAE-I: the covariance of the encoder's means, Cov_p(x)[μ(x)] (eq. 6). */
    I,
    /** DIP-VAE-II: the covariance of the aggregate posterior, E_p(x)[Σ(x)] + Cov_p(x)[μ(x)] (eq. 7). */
    II;

    /** @return the lower-case name used in configs and on the command line */
    @JsonValue
    public String id() {
        return Choices.id(this);
    }

    /** Parses a name case-insensitively; the error lists the choices. */
    @JsonCreator
    public static DipKind parse(String text) {
        return Choices.parse(DipKind.class, text, "model.dipType");
    }
}
