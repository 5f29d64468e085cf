package dev.vaekit.data.factors;

import dev.vaekit.InvalidInputException;
import java.util.Arrays;

/**
 * One generative factor of a data set with known factors: its name and the value of each of its classes. Class
 * {@code c} of the factor stands for the value {@code values()[c]}; metrics use the class, pictures and regressions
 * the value.
 *
 * @param name the factor's name, e.g. {@code posX}
 * @param values the value of each class, in class order; at least one
 */
public record Factor(String name, double[] values) {

    /** Validates and copies the values. */
    public Factor {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("factor name: expected a non-empty name, found " + name);
        }
        if (values == null || values.length == 0) {
            throw new InvalidInputException("factor " + name + ": expected at least one value, found none");
        }
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new InvalidInputException("factor " + name + ": expected finite values, found " + v);
            }
        }
        values = values.clone();
    }

    /** @return a copy of the value of each class */
    @Override
    public double[] values() {
        return values.clone();
    }

    /** @return the number of classes */
    public int size() {
        return values.length;
    }

    /**
     * @param cls a class in [0, size())
     * @return its value
     */
    public double value(int cls) {
        return values[cls];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Factor f && name.equals(f.name) && Arrays.equals(values, f.values);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return name + "(" + values.length + ")";
    }

    /**
     * NumPy's {@code linspace(start, stop, count)}: {@code count} evenly spaced values from start to stop, both
     * included (the last one is exactly {@code stop}).
     *
     * @param start first value
     * @param stop last value
     * @param count number of values, at least 1
     * @return the values
     */
    public static double[] linspace(double start, double stop, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("linspace count must be at least 1, got " + count);
        }
        double[] v = new double[count];
        if (count == 1) {
            v[0] = start;
            return v;
        }
        double step = (stop - start) / (count - 1);
        for (int i = 0; i < count; i++) {
            v[i] = start + i * step;
        }
        v[count - 1] = stop;
        return v;
    }
}
