package dev.vaekit.util;

import dev.vaekit.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;

/** Parses the lower-case, dash-separated names that configs and the command line use for enum constants. */
public final class Choices {
    private Choices() {}

    /** @return the config name of a constant: {@code PER_DIMENSION} → {@code per-dimension} */
    public static String id(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param type the enum
     * @param text a name, any case, dashes or underscores
     * @param what what the value is, for the message (e.g. {@code estimator})
     * @return the constant
     * @throws InvalidInputException naming the choices when none matches
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String text, String what) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (E constant : type.getEnumConstants()) {
            if (id(constant).equals(wanted)) {
                return constant;
            }
        }
        throw new InvalidInputException("unknown " + what + " '" + text + "'; expected one of "
                + Arrays.stream(type.getEnumConstants()).map(Choices::id).toList());
    }
}
