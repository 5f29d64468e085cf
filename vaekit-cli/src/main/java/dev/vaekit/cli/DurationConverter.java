package dev.vaekit.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Parses a wall-time duration such as {@code 90s}, {@code 45m}, {@code 2h}, {@code 1h30m} or {@code 1h5m20s}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern FORM = Pattern.compile("(?:(\\d{1,5})h)?(?:(\\d{1,7})m)?(?:(\\d{1,9})s)?");

    @Override
    public Duration convert(String value) {
        Matcher m = FORM.matcher(value.trim());
        if (value.isBlank() || !m.matches()) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration; give hours, minutes and seconds, e.g. 90s, 45m, 2h or 1h30m");
        }
        Duration d = Duration.ofHours(part(m, 1)).plusMinutes(part(m, 2)).plusSeconds(part(m, 3));
        if (d.isZero()) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is no time at all; give a positive duration");
        }
        return d;
    }

    private static long part(Matcher m, int group) {
        return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
    }
}
