package dev.vaekit.util;

import dev.vaekit.InvalidInputException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks made before a user's file is read, so that pointing vaekit at the wrong thing — a folder, a device such as
 * {@code /dev/zero}, a named pipe, a huge file where a small one belongs — is one clear message rather than a hang or
 * an out-of-memory error.
 */
public final class InputFiles {
    /**
     * The largest config, manifest or trainer-state file read: 1 MiB. vaekit writes a few kilobytes; a bigger file is
     * not one of them, and is refused before it is read.
     */
    public static final long MAX_TEXT_BYTES = 1 << 20;

    private InputFiles() {}

    /**
     * Text from a user's file as it may appear in a one-line message: line breaks, tabs and other control characters
     * escaped, cut after 40 characters.
     *
     * @param text the text
     * @return the text, safe to show
     */
    public static String shown(String text) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (; i < text.length() && sb.length() < 40; i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (Character.isISOControl(ch)) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return i < text.length() ? sb + "..." : sb.toString();
    }

    /**
     * @param file a file to read
     * @throws InvalidInputException if it does not exist or is not a regular file
     */
    public static void requireRegularFile(Path file) {
        if (!Files.exists(file)) {
            throw new InvalidInputException(file + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": not a regular file ("
                    + (Files.isDirectory(file) ? "a folder" : "a device, pipe or socket") + ")");
        }
    }

    /**
     * Reads a small UTF-8 text file whole.
     *
     * @param file the file
     * @return its text
     * @throws InvalidInputException if it is missing, not a regular file, larger than {@link #MAX_TEXT_BYTES}, not
     *     UTF-8 or unreadable
     */
    public static String readSmallText(Path file) {
        requireRegularFile(file);
        try {
            long size = Files.size(file);
            if (size > MAX_TEXT_BYTES) {
                throw new InvalidInputException(
                        file + ": " + size + " bytes; a config or checkpoint text file is at most " + MAX_TEXT_BYTES);
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(file + ": expected UTF-8 text, found invalid bytes", e);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
