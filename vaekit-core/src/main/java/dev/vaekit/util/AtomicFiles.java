package dev.vaekit.util;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Writes that never leave a half-written file under the target name: data goes to a temporary sibling, is flushed
 * to disk, then renamed over the target in one atomic step.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Something that writes to a stream. */
    @FunctionalInterface
    public interface Writer {
        /** Writes the content. */
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} atomically.
     *
     * @param target final path
     * @param writer produces the content
     */
    public static void write(Path target, Writer writer) {
        Path tmp = writeTemporary(target, target.getFileName() + ".tmp");
        try {
            writeAndSync(tmp, writer);
            move(tmp, target);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /** Writes a string atomically, UTF-8. */
    public static void writeString(Path target, String content) {
        write(target, out -> out.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * Writes content to a named sibling of {@code target} and flushes it to disk, without renaming.
     *
     * @param target the final file
     * @param writer produces the content
     * @return the temporary file, {@code <target>.tmp}
     */
    public static Path writeStaged(Path target, Writer writer) {
        Path tmp = writeTemporary(target, target.getFileName() + ".tmp");
        try {
            writeAndSync(tmp, writer);
            return tmp;
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write " + tmp + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    private static Path writeTemporary(Path target, String name) {
        return target.toAbsolutePath().resolveSibling(name);
    }

    private static void writeAndSync(Path tmp, Writer writer) throws IOException {
        try (FileChannel channel = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            // not closed here: closing the stream would close the channel before force()
            BufferedOutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            writer.write(out);
            out.flush();
            channel.force(true);
        }
    }

    /**
     * Renames {@code from} over {@code to} atomically (falls back to a plain replace where the file system cannot).
     */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** @return the lower-case hex SHA-256 of a file */
    public static String sha256(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                digest.update(buf, 0, r);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a stray temporary file is harmless
        }
    }
}
