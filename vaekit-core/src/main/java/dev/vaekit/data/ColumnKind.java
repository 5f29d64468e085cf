package dev.vaekit.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.vaekit.util.Choices;

/**
 * The type of a table column, which decides how it is encoded and which likelihood models it.
 *
 * <ul>
 *   <li>{@link #NUMERIC}: a real number, standardised with the training rows' mean and standard deviation, modelled by a
 *       Gaussian.
 *   <li>{@link #BINARY}: one of two values (0/1, or two texts), encoded 0 or 1, modelled by a Bernoulli.
 *   <li>{@link #CATEGORICAL}: one of K values seen in training, one-hot encoded in K columns, modelled by a categorical
 *       distribution (a softmax over K logits).
 *   <li>{@link #IGNORE}: not used (identifiers, free text).
 * </ul>
 */
public enum ColumnKind {
    /** Real-valued; Gaussian. */
    NUMERIC,
    /** Two-valued; Bernoulli. */
    BINARY,
    /** K-valued; categorical. */
    CATEGORICAL,
    /** Left out. */
    IGNORE;

    /** @return the config name */
    @JsonValue
    public String id() {
        return Choices.id(this);
    }

    /** Parses a config name. */
    @JsonCreator
    public static ColumnKind parse(String text) {
        return Choices.parse(ColumnKind.class, text, "column type");
    }
}
