package dev.vaekit.data.images;

import dev.vaekit.InvalidInputException;
import dev.vaekit.util.AtomicFiles;
import dev.vaekit.util.Futures;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;

/**
 * The file that holds a folder's decoded images, and its reading, image by image, with positional reads.
 *
 * <p>Layout (big-endian):
 *
 * <pre>
 * offset  size  field
 *      0     8  magic "VKIMG\r\n\x1a"
 *      8     4  cache format version ({@link #CACHE_FORMAT})
 *     12     4  decoder format version ({@link ImageDecoder#FORMAT_VERSION})
 *     16    12  channels, height, width
 *     28     4  count (images)
 *     32     8  metadata offset = 64 + count * channels * height * width
 *     40     4  metadata length
 *     44     4  CRC-32C of the pixels
 *     48     4  CRC-32C of the metadata
 *     52     8  zero
 *     60     4  CRC-32C of bytes 0 to 59
 *     64        pixels: count images of channels x height x width bytes, channels first, in list order
 *               metadata (DataOutputStream): key, settings, folder, list hash, label names, labels, relative paths,
 *               skipped-file lines, note lines
 * </pre>
 *
 * <p>The file is written whole under a temporary name in the cache folder, flushed to disk, then renamed over the
 * target in one step, so a reader never sees a half-written cache. A file that fails any check (magic, versions,
 * header checksum, length, metadata checksum, key, and optionally the pixel checksum) is not trusted: it is rebuilt.
 *
 * <p>Images are read with positional reads, not through a memory mapping: the pages of a mapping that the reader has
 * touched count in the process's resident set until the kernel needs them back, so an epoch over a cache of 1.2 GB
 * would show as 1.2 GB more resident memory. Read into the page cache instead, the same bytes are the kernel's to keep
 * or drop, and the resident set is the process's own memory. Measured on one epoch of a conv VAE over 20,000 colour
 * images of 64 x 64 with -Xmx1g: mapped, a peak resident set of 1.17 GB (0.34 GB of it file pages); read, 0.70 GB
 * (0.11 GB file pages: code), the same losses to the last digit, and no slower.
 */
final class ImageCache {

    static final int CACHE_FORMAT = 1;
    static final int HEADER_BYTES = 64;
    private static final byte[] MAGIC = {'V', 'K', 'I', 'M', 'G', '\r', '\n', 0x1A};
    private static final int MAX_METADATA_BYTES = 1 << 30;

    /**
     * What the cache says about its images.
     *
     * @param key the listing and settings it was built from
     * @param settings {@link DecodeSettings#describe()}
     * @param folder the folder's real path when built
     * @param listHash SHA-256 of the image list (paths, classes, file contents)
     * @param labelNames class names in label order, empty when unlabelled
     * @param labels one per image, or {@code null}
     * @param paths the images' paths relative to the folder
     * @param problems one line per skipped file
     * @param notes summary lines of what was noted while decoding
     */
    record Meta(
            String key,
            String settings,
            String folder,
            String listHash,
            List<String> labelNames,
            int[] labels,
            List<String> paths,
            List<String> problems,
            List<String> notes) {}

    final int channels;
    final int height;
    final int width;
    final int count;
    final Meta meta;
    private final int dim;
    private final Path file;

    /**
     * The open file. A {@link RandomAccessFile}, not a {@link FileChannel}: a channel is closed for every reader when
     * a thread is interrupted in a read, and a data set outlives the threads that read it (the explorer's, a job's).
     * Its file pointer is shared, so reads hold the lock.
     */
    private final RandomAccessFile in;

    private ImageCache(int channels, int height, int width, int count, Meta meta, Path file) throws IOException {
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.count = count;
        this.meta = meta;
        this.dim = channels * height * width;
        this.file = file;
        this.in = new RandomAccessFile(file.toFile(), "r");
    }

    /** Copies image {@code row}'s bytes into {@code dst} at {@code offset}. Safe to call from several threads. */
    void read(int row, byte[] dst, int offset) {
        try {
            synchronized (in) {
                in.seek(HEADER_BYTES + (long) row * dim);
                in.readFully(dst, offset, dim);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read image " + row + " of the cache: " + e.getMessage(), e);
        }
    }

    /** Closes the file; reading afterwards fails. */
    void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------------- opening

    /**
     * An attempt to open a cache file.
     *
     * @param cache the cache, or {@code null}
     * @param reason why there is none: {@code null} when the file does not exist, else why it is not trusted
     */
    record Opened(ImageCache cache, String reason) {}

    /**
     * Opens and checks a cache file.
     *
     * @param file the file
     * @param key the key it must have been built for
     * @param verifyData whether to check the pixels' checksum too
     * @return the cache, open for reading, or why it cannot be used
     */
    static Opened open(Path file, String key, boolean verifyData) {
        if (!Files.isRegularFile(file)) {
            return new Opened(null, null);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER_BYTES) {
                return stale("is shorter than its header (" + size + " bytes)");
            }
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            readFully(ch, header, 0);
            header.flip();
            byte[] magic = new byte[MAGIC.length];
            header.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                return stale("is not a vaekit image cache (wrong magic bytes)");
            }
            CRC32C headerCrc = new CRC32C();
            headerCrc.update(header.array(), 0, 60);
            if ((int) headerCrc.getValue() != header.getInt(60)) {
                return stale("has a damaged header (checksum mismatch)");
            }
            int format = header.getInt(8);
            int decoder = header.getInt(12);
            if (format != CACHE_FORMAT || decoder != ImageDecoder.FORMAT_VERSION) {
                return stale("was written by another version (cache format " + format + ", decoder " + decoder
                        + "; expected " + CACHE_FORMAT + ", " + ImageDecoder.FORMAT_VERSION + ")");
            }
            int c = header.getInt(16);
            int h = header.getInt(20);
            int w = header.getInt(24);
            int n = header.getInt(28);
            long metaOffset = header.getLong(32);
            int metaLength = header.getInt(40);
            int dataCrc = header.getInt(44);
            int metaCrc = header.getInt(48);
            if ((c != 1 && c != 3) || h < 1 || w < 1 || n < 1 || (long) c * h * w > Integer.MAX_VALUE) {
                return stale("has an impossible shape " + n + "x" + c + "x" + h + "x" + w);
            }
            long dim = (long) c * h * w;
            if (metaOffset != HEADER_BYTES + n * dim
                    || metaLength < 0
                    || metaLength > MAX_METADATA_BYTES
                    || size != metaOffset + metaLength) {
                return stale("has the wrong length (" + size + " bytes for " + n + " images of " + dim + " bytes and "
                        + metaLength + " bytes of metadata)");
            }
            ByteBuffer metaBytes = ByteBuffer.allocate(metaLength);
            readFully(ch, metaBytes, metaOffset);
            CRC32C crc = new CRC32C();
            crc.update(metaBytes.array());
            if ((int) crc.getValue() != metaCrc) {
                return stale("has damaged metadata (checksum mismatch)");
            }
            Meta meta;
            try {
                meta = readMeta(metaBytes.array(), n);
            } catch (IOException | RuntimeException e) {
                return stale("has unreadable metadata (" + e.getMessage() + ")");
            }
            if (!meta.key().equals(key)) {
                return stale("was built from another file list or other settings");
            }
            if (verifyData && pixelCrc(ch, n * dim) != dataCrc) {
                return stale("has damaged pixels (checksum mismatch)");
            }
            return new Opened(new ImageCache(c, h, w, n, meta, file), null);
        } catch (IOException e) {
            return stale("cannot be read (" + e.getMessage() + ")");
        }
    }

    private static Opened stale(String reason) {
        return new Opened(null, reason);
    }

    /** @return the CRC-32C of the {@code bytes} pixel bytes after the header, read a megabyte at a time */
    private static int pixelCrc(FileChannel ch, long bytes) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        for (long at = 0; at < bytes; at += buffer.capacity()) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), bytes - at));
            readFully(ch, buffer, HEADER_BYTES + at);
            crc.update(buffer.flip());
        }
        return (int) crc.getValue();
    }

    private static void readFully(FileChannel ch, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int r = ch.read(buffer, at);
            if (r < 0) {
                throw new IOException("unexpected end of file at byte " + at);
            }
            at += r;
        }
    }

    private static Meta readMeta(byte[] bytes, int count) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        String key = in.readUTF();
        String settings = in.readUTF();
        String folder = in.readUTF();
        String listHash = in.readUTF();
        List<String> names = readStrings(in, 1 << 24);
        int[] labels = null;
        if (in.readBoolean()) {
            labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = in.readInt();
                if (labels[i] < 0 || labels[i] >= names.size()) {
                    throw new IOException("label " + labels[i] + " outside the " + names.size() + " classes");
                }
            }
        }
        List<String> paths = readStrings(in, count);
        if (paths.size() != count) {
            throw new IOException(paths.size() + " paths for " + count + " images");
        }
        List<String> problems = readStrings(in, Integer.MAX_VALUE);
        List<String> notes = readStrings(in, Integer.MAX_VALUE);
        if (in.read() != -1) {
            throw new IOException("trailing bytes");
        }
        return new Meta(key, settings, folder, listHash, names, labels, paths, problems, notes);
    }

    private static List<String> readStrings(DataInputStream in, int max) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > max) {
            throw new IOException("a list of " + n + " strings");
        }
        List<String> list = new ArrayList<>(Math.min(n, 1 << 16));
        for (int i = 0; i < n; i++) {
            list.add(in.readUTF());
        }
        return list;
    }

    // ------------------------------------------------------------------------------------------------ building

    /**
     * What a build did.
     *
     * @param images the images written
     * @param seconds the build's wall time
     */
    record Built(int images, double seconds) {}

    /**
     * Decodes every image of the folder and writes the cache file atomically.
     *
     * @param target the cache file
     * @param key its key
     * @param folder the scanned folder (its scan problems are already settled: refused in strict mode, else skipped)
     * @param decoder the decoder
     * @param strict whether an unreadable image refuses the data set
     * @param threads decoding threads
     * @return what was built
     * @throws InvalidInputException if an image cannot be read in strict mode, no image can be read, or the images
     *     differ in size when no size is set
     */
    static Built build(Path target, String key, ImageFolder folder, ImageDecoder decoder, boolean strict, int threads) {
        long start = System.nanoTime();
        Path dir = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": cannot create the image cache folder (" + e.getMessage()
                    + "); expected a writable cache folder");
        }
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, target.getFileName() + ".", ".tmp");
        } catch (IOException e) {
            throw new InvalidInputException(
                    dir + ": cannot write the image cache (" + e.getMessage() + "); expected a writable cache folder");
        }
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, ImageCache::daemon) : null;
        try {
            Writer writer = new Writer(folder, decoder.settings(), strict);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.position(HEADER_BYTES);
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                writer.out = out;
                decodeAll(folder.entries(), decoder, pool, Math.max(2, 2 * threads), writer);
                byte[] meta = writer.meta(key);
                out.write(meta);
                out.flush();
                ch.write(writer.header(meta), 0);
                ch.force(true);
            }
            AtomicFiles.move(tmp, target);
            return new Built(writer.count, (System.nanoTime() - start) / 1e9);
        } catch (IOException e) {
            throw new InvalidInputException(target + ": cannot write the image cache (" + e.getMessage()
                    + "); expected a writable cache folder");
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a stray temporary file is harmless
            }
        }
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "vaekit-image-decoder");
        t.setDaemon(true);
        return t;
    }

    /** One decoded file, or why it could not be. */
    private record Result(ImageFolder.Entry entry, DecodedImage image, String sha256, InvalidInputException error) {}

    private static Result decodeOne(ImageFolder.Entry entry, ImageDecoder decoder) {
        try {
            DecodedImage image = decoder.decode(entry.file());
            return new Result(entry, image, sha256(entry.file()), null);
        } catch (InvalidInputException e) {
            return new Result(entry, null, null, e);
        } catch (UncheckedIOException e) {
            // the file went away or became unreadable between decoding and hashing
            return new Result(
                    entry,
                    null,
                    null,
                    new InvalidInputException(
                            entry.file() + ": cannot read: " + e.getCause().getMessage(), e));
        }
    }

    /**
     * Decodes in order on {@code pool} (or this thread), with at most {@code window} images decoded ahead of the
     * writer, so memory stays bounded whatever the folder's size.
     */
    private static void decodeAll(
            List<ImageFolder.Entry> entries, ImageDecoder decoder, ExecutorService pool, int window, Writer writer)
            throws IOException {
        if (pool == null) {
            for (ImageFolder.Entry e : entries) {
                writer.accept(decodeOne(e, decoder));
            }
            return;
        }
        ArrayDeque<Future<Result>> pending = new ArrayDeque<>();
        for (ImageFolder.Entry e : entries) {
            if (pending.size() >= window) {
                writer.accept(take(pending));
            }
            pending.add(pool.submit(() -> decodeOne(e, decoder)));
        }
        while (!pending.isEmpty()) {
            writer.accept(take(pending));
        }
    }

    private static Result take(ArrayDeque<Future<Result>> pending) {
        return Futures.get(pending.removeFirst(), "decoding images");
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                digest.update(buf, 0, r);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes decoded images in order, and collects what goes into the metadata. */
    private static final class Writer {
        private final ImageFolder folder;
        private final DecodeSettings settings;
        private final boolean strict;
        private final CRC32C crc = new CRC32C();
        private final MessageDigest list;
        private final List<Integer> labels = new ArrayList<>();
        private final List<String> paths = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();
        private final Map<String, int[]> noteCounts = new LinkedHashMap<>();
        private final Map<String, String> noteExamples = new LinkedHashMap<>();
        OutputStream out;
        int count;
        int height;
        int width;
        private String firstPath;

        Writer(ImageFolder folder, DecodeSettings settings, boolean strict) {
            this.folder = folder;
            this.settings = settings;
            this.strict = strict;
            try {
                list = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            for (ImageFolder.Problem p : folder.problems()) {
                problems.add(p.line() + "; skipped");
            }
        }

        void accept(Result r) throws IOException {
            if (r.error() != null) {
                if (strict) {
                    throw new InvalidInputException(
                            r.error().getMessage() + " (strict: the data set is refused)", r.error());
                }
                problems.add(r.error().getMessage() + "; skipped");
                return;
            }
            DecodedImage image = r.image();
            if (count == 0) {
                height = image.height();
                width = image.width();
                firstPath = r.entry().file().toString();
            } else if (image.height() != height || image.width() != width) {
                throw new InvalidInputException(folder.root() + ": images differ in size: " + firstPath + " is "
                        + width + "x" + height + ", " + r.entry().file() + " is " + image.width() + "x"
                        + image.height() + " (width x height); expected one size, or an image size to resize them to");
            }
            out.write(image.pixels());
            crc.update(image.pixels());
            ImageFolder.Entry e = r.entry();
            labels.add(e.label());
            paths.add(e.relativePath());
            String className = e.label() < 0 ? "" : folder.labelNames().get(e.label());
            list.update((e.relativePath() + "\t" + className + "\t" + r.sha256() + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (String note : image.notes()) {
                String kind = note.replaceAll("\\d+", "N");
                noteCounts.computeIfAbsent(kind, k -> new int[1])[0]++;
                noteExamples.putIfAbsent(kind, e.file().toString());
            }
            count++;
        }

        byte[] meta(String key) throws IOException {
            if (count == 0) {
                int files = folder.entries().size() + folder.problems().size();
                throw new InvalidInputException(folder.root() + ": none of the " + files + " image files could be"
                        + " read; the first: " + problems.get(0));
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream data = new DataOutputStream(bytes);
            data.writeUTF(key);
            data.writeUTF(settings.describe());
            data.writeUTF(folder.root().toString());
            data.writeUTF(HexFormat.of().formatHex(list.digest()));
            writeStrings(data, folder.labelNames());
            data.writeBoolean(folder.labelled());
            if (folder.labelled()) {
                for (int label : labels) {
                    data.writeInt(label);
                }
            }
            writeStrings(data, paths);
            writeStrings(data, problems);
            List<String> notes = new ArrayList<>();
            for (Map.Entry<String, int[]> n : noteCounts.entrySet()) {
                int k = n.getValue()[0];
                notes.add(folder.root() + ": " + k + " image" + (k == 1 ? "" : "s") + ": " + n.getKey() + " (e.g. "
                        + noteExamples.get(n.getKey()) + ")");
            }
            writeStrings(data, notes);
            data.flush();
            return bytes.toByteArray();
        }

        ByteBuffer header(byte[] meta) {
            ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES);
            h.put(MAGIC);
            h.putInt(CACHE_FORMAT).putInt(ImageDecoder.FORMAT_VERSION);
            h.putInt(settings.channels()).putInt(height).putInt(width).putInt(count);
            h.putLong(HEADER_BYTES + (long) count * settings.channels() * height * width);
            h.putInt(meta.length);
            h.putInt((int) crc.getValue());
            CRC32C metaCrc = new CRC32C();
            metaCrc.update(meta);
            h.putInt((int) metaCrc.getValue());
            h.putLong(0);
            CRC32C headerCrc = new CRC32C();
            headerCrc.update(h.array(), 0, 60);
            h.putInt((int) headerCrc.getValue());
            h.flip();
            return h;
        }

        private static void writeStrings(DataOutputStream data, List<String> strings) throws IOException {
            data.writeInt(strings.size());
            for (String s : strings) {
                // writeUTF holds at most 65535 bytes; no path or message comes near, but never fail on one
                data.writeUTF(s.length() > 16000 ? s.substring(0, 16000) : s);
            }
        }
    }
}
