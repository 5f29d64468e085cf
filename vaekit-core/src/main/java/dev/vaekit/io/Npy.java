package dev.vaekit.io;

import dev.vaekit.InvalidInputException;
import dev.vaekit.util.InputFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format (numpy.lib.format), written and read by hand: the magic {@code \x93NUMPY}, a major and
 * minor version byte, the header's length (2 bytes little-endian in version 1.0, 4 bytes in 2.0 and 3.0), then the
 * header, a Python dict literal such as {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }} padded
 * with spaces and ended by a newline so that the data start at a multiple of 64 bytes, then the raw values.
 *
 * <p>vaekit writes version 1.0, little-endian, C order. It reads versions 1.0 to 3.0, either byte order, and C or
 * Fortran order.
 */
public final class Npy {
    /** The six bytes every NPY file starts with. */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** The data start at a multiple of this many bytes. */
    static final int ALIGNMENT = 64;

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /**
     * An array read from a file.
     *
     * @param file where it came from, for messages
     * @param descr NumPy's type string, e.g. {@code <f4}
     * @param fortranOrder whether the values are stored column-major
     * @param shape the dimensions
     * @param data the raw values, exactly {@code size × itemSize} bytes
     */
    public record Array(String file, String descr, boolean fortranOrder, long[] shape, byte[] data) {
        /** @return the number of values */
        public long size() {
            long s = 1;
            for (long d : shape) {
                s *= d;
            }
            return s;
        }

        /** @return the shape as Python writes it: {@code (5, 19)}, {@code (20,)}, {@code ()} */
        public String shapeText() {
            return Npy.shapeText(shape);
        }

        /** @return the type letter: {@code f} float, {@code i} signed, {@code u} unsigned, {@code b} bool, … */
        public char kind() {
            return descr.length() >= 2 ? descr.charAt(1) : '?';
        }

        /** @return bytes per value */
        public int itemSize() {
            return Npy.itemSize(descr);
        }

        private ByteBuffer buffer() {
            return ByteBuffer.wrap(data).order(descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        }

        /**
         * @return the values as floats in C (row-major) order
         * @throws InvalidInputException unless the type is float32 or float64
         */
        public float[] toFloats() {
            if (kind() != 'f' || (itemSize() != 4 && itemSize() != 8)) {
                throw new InvalidInputException(
                        file + ": expected float32 or float64 values ('<f4' or '<f8'), found dtype '" + descr + "'");
            }
            ByteBuffer buf = buffer();
            float[] out = new float[(int) size()];
            for (int i = 0; i < out.length; i++) {
                out[cOrderIndex(i)] = itemSize() == 4 ? buf.getFloat(i * 4) : (float) buf.getDouble(i * 8);
            }
            return out;
        }

        /**
         * @return the values as ints in C order
         * @throws InvalidInputException unless the type is a signed or unsigned integer that fits in an int
         */
        public int[] toInts() {
            int size = itemSize();
            boolean integer = (kind() == 'i' || kind() == 'u') && (size == 1 || size == 2 || size == 4 || size == 8);
            if (!integer) {
                throw new InvalidInputException(
                        file + ": expected integer values (e.g. '<i4' or '<i8'), found dtype '" + descr + "'");
            }
            ByteBuffer buf = buffer();
            boolean unsigned = kind() == 'u';
            int[] out = new int[(int) size()];
            for (int i = 0; i < out.length; i++) {
                long v =
                        switch (size) {
                            case 1 -> unsigned ? buf.get(i) & 0xff : buf.get(i);
                            case 2 -> unsigned ? buf.getShort(i * 2) & 0xffff : buf.getShort(i * 2);
                            case 4 -> unsigned ? buf.getInt(i * 4) & 0xffffffffL : buf.getInt(i * 4);
                            default -> buf.getLong(i * 8);
                        };
                if (v != (int) v || (unsigned && size == 8 && v < 0)) {
                    throw new InvalidInputException(
                            file + ": value " + (unsigned && v < 0 ? Long.toUnsignedString(v) : v) + " at position " + i
                                    + " does not fit in a 32-bit integer");
                }
                out[cOrderIndex(i)] = (int) v;
            }
            return out;
        }

        /** Where the i-th stored value goes in C order. */
        private int cOrderIndex(int stored) {
            if (!fortranOrder || shape.length < 2) {
                return stored;
            }
            if (shape.length > 2) {
                throw new InvalidInputException(file + ": Fortran-order arrays of more than 2 dimensions are not"
                        + " supported, found shape " + shapeText());
            }
            int rows = (int) shape[0];
            int cols = (int) shape[1];
            int row = stored % rows;
            int col = stored / rows;
            return row * cols + col;
        }
    }

    /**
     * Writes float32 values.
     *
     * @param out where to write
     * @param values C-order values
     * @param shape dimensions; their product must equal {@code values.length}
     */
    public static void writeFloat32(OutputStream out, float[] values, long... shape) throws IOException {
        checkSize(values.length, shape);
        out.write(header("<f4", shape));
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            if (buf.remaining() < 4) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            buf.putFloat(v);
        }
        out.write(buf.array(), 0, buf.position());
    }

    /**
     * Writes int32 values.
     *
     * @param out where to write
     * @param values C-order values
     * @param shape dimensions; their product must equal {@code values.length}
     */
    public static void writeInt32(OutputStream out, int[] values, long... shape) throws IOException {
        checkSize(values.length, shape);
        out.write(header("<i4", shape));
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            if (buf.remaining() < 4) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            buf.putInt(v);
        }
        out.write(buf.array(), 0, buf.position());
    }

    /**
     * Writes unsigned 8-bit values ({@code |u1}), e.g. pixels.
     *
     * @param out where to write
     * @param values C-order values, each read as unsigned
     * @param shape dimensions; their product must equal {@code values.length}
     */
    public static void writeUint8(OutputStream out, byte[] values, long... shape) throws IOException {
        checkSize(values.length, shape);
        out.write(header("|u1", shape));
        out.write(values);
    }

    /**
     * The magic, version 1.0 and the header dict, padded with spaces and a final newline to a multiple of
     * {@value #ALIGNMENT} bytes.
     */
    static byte[] header(String descr, long[] shape) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText(shape) + ", }";
        int preamble = MAGIC.length + 2 + 2;
        int total = preamble + dict.length() + 1;
        int padded = (total + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        StringBuilder text = new StringBuilder(dict);
        text.append(" ".repeat(padded - total)).append('\n');
        int headerLength = text.length();
        if (headerLength > 0xffff) {
            throw new IllegalArgumentException("NPY 1.0 header too long: " + headerLength + " bytes");
        }
        ByteBuffer buf = ByteBuffer.allocate(preamble + headerLength).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerLength);
        buf.put(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        return buf.array();
    }

    /**
     * Reads an NPY file.
     *
     * @param file the file
     * @return its header and raw values
     * @throws InvalidInputException if the file is missing, not NPY, of an unknown version, or shorter than its header
     *     says
     */
    public static Array read(Path file) {
        InputFiles.requireRegularFile(file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file", e);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (bytes.length < MAGIC.length + 4 || !startsWithMagic(bytes)) {
            throw new InvalidInputException(file + ": not an NPY file (expected it to start with \\x93NUMPY)");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int major = bytes[6] & 0xff;
        int minor = bytes[7] & 0xff;
        long headerLength;
        int start;
        if (major == 1) {
            headerLength = buf.getShort(8) & 0xffff;
            start = 10;
        } else if ((major == 2 || major == 3) && bytes.length >= 12) {
            headerLength = buf.getInt(8) & 0xffffffffL;
            start = 12;
        } else {
            throw new InvalidInputException(
                    file + ": unsupported NPY version " + major + "." + minor + "; expected 1.0, 2.0 or 3.0");
        }
        if (start + headerLength > bytes.length) {
            throw new InvalidInputException(file + ": truncated NPY header (" + headerLength + " bytes announced, "
                    + (bytes.length - start) + " present)");
        }
        String header = new String(
                bytes, start, (int) headerLength, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, file, "'descr'");
        boolean fortran = group(FORTRAN, header, file, "'fortran_order'").equals("True");
        long[] shape = parseShape(group(SHAPE, header, file, "'shape'"), file);
        if (descr.length() < 3 || "<>|=".indexOf(descr.charAt(0)) < 0) {
            throw new InvalidInputException(file + ": unsupported dtype '" + descr + "' (structured or unknown)");
        }
        int item = itemSize(descr);
        if (item < 1) {
            throw new InvalidInputException(file + ": unsupported dtype '" + descr + "'");
        }
        long size = 1;
        for (long d : shape) {
            size = Math.multiplyExact(size, d);
        }
        long expected = Math.multiplyExact(size, item);
        int dataStart = start + (int) headerLength;
        if (bytes.length - dataStart < expected) {
            throw new InvalidInputException(file + ": truncated: shape " + shapeText(shape) + " of '" + descr
                    + "' needs " + expected + " bytes of data, found " + (bytes.length - dataStart));
        }
        if (expected > Integer.MAX_VALUE - 16) {
            throw new InvalidInputException(file + ": too large (" + expected + " bytes of data)");
        }
        byte[] data = new byte[(int) expected];
        System.arraycopy(bytes, dataStart, data, 0, data.length);
        return new Array(file.toString(), descr, fortran, shape, data);
    }

    /** @return the shape as Python writes a tuple */
    static String shapeText(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return sb.append(')').toString();
    }

    private static int itemSize(String descr) {
        try {
            return Integer.parseInt(descr.substring(2));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static boolean startsWithMagic(byte[] bytes) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static String group(Pattern pattern, String header, Path file, String key) {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw new InvalidInputException(file + ": NPY header has no valid " + key + " entry: " + header.strip());
        }
        return m.group(1);
    }

    private static long[] parseShape(String text, Path file) {
        List<Long> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String t = part.strip();
            if (t.endsWith("L")) {
                t = t.substring(0, t.length() - 1); // Python 2 longs
            }
            if (t.isEmpty()) {
                continue;
            }
            try {
                long d = Long.parseLong(t);
                if (d < 0) {
                    throw new NumberFormatException();
                }
                dims.add(d);
            } catch (NumberFormatException e) {
                throw new InvalidInputException(file + ": NPY header has an invalid shape (" + text + ")");
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static void checkSize(int length, long[] shape) {
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        if (size != length) {
            throw new IllegalArgumentException(length + " values do not fill shape " + shapeText(shape));
        }
    }
}
