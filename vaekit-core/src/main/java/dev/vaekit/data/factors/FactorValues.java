package dev.vaekit.data.factors;

import dev.vaekit.InvalidInputException;
import java.util.List;

/**
 * Factors whose observation is the vector of the factors' values itself (shape 1 × 1 × number of factors): the input
 * of an ideal representation. Metrics are checked on it with representations of known quality (the identity, a
 * rotation of it, noise) without rendering images; {@link #like(FactorData)} gives the factors of another set.
 *
 * @param name the set's name
 * @param factors the factors, at least one
 */
public record FactorValues(String name, List<Factor> factors) implements FactorData {

    /** Validates and copies the factor list. */
    public FactorValues {
        if (factors == null || factors.isEmpty()) {
            throw new InvalidInputException(name + ": expected at least one factor, found none");
        }
        factors = List.copyOf(factors);
    }

    /**
     * @param data any factor data
     * @return its factors, observed as their values (named {@code NAME-values})
     */
    public static FactorValues like(FactorData data) {
        return new FactorValues(data.name() + "-values", data.factors());
    }

    @Override
    public int channels() {
        return 1;
    }

    @Override
    public int height() {
        return 1;
    }

    @Override
    public int width() {
        return factors.size();
    }

    @Override
    public void render(int[] classes, float[] out, int offset) {
        FactorData.checkClasses(classes, sizes());
        for (int f = 0; f < classes.length; f++) {
            out[offset + f] = (float) factors.get(f).value(classes[f]);
        }
    }
}
