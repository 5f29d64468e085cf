package dev.vaekit.fuzz;

import dev.vaekit.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The contract every parser is fuzzed against: for any bytes it returns a value or throws {@link InvalidInputException}
 * with a one-line message naming the input; any other exception or error (an index out of bounds, a null pointer, a
 * number format, a Jackson exception leaking through, running out of memory, a hang) is a bug that the fuzzer reports.
 */
final class FuzzContract {
    private FuzzContract() {}

    /** Checks that a refusal is the clean kind. */
    static void refusedCleanly(InvalidInputException e, String origin) {
        String message = e.getMessage();
        if (message == null || !message.contains(origin)) {
            throw new AssertionError("the message does not name " + origin + ": " + message, e);
        }
        if (message.contains("\n")) {
            throw new AssertionError("the message is more than one line: " + message, e);
        }
    }

    /** A scratch folder for one fuzz test class, deleted when the JVM exits. */
    static Path scratch(String name) {
        try {
            Path dir = Files.createTempDirectory("vaekit-fuzz-" + name);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces a file's bytes. */
    static Path write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
