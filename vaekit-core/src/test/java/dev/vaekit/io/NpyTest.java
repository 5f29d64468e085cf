package dev.vaekit.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vaekit.InvalidInputException;
import dev.vaekit.util.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    /** An NPY file as NumPy would write it, with any header text, version and raw data. */
    static byte[] npy(int major, String dict, byte[] data) {
        int lengthBytes = major == 1 ? 2 : 4;
        int total = 6 + 2 + lengthBytes + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        String header = dict + " ".repeat(padded - total) + "\n";
        ByteBuffer b = ByteBuffer.allocate(padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(Npy.MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) header.length());
        } else {
            b.putInt(header.length());
        }
        b.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        return b.array();
    }

    static byte[] doubles(ByteOrder order, double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(order);
        for (double x : v) {
            b.putDouble(x);
        }
        return b.array();
    }

    private Path file(String name, byte[] bytes) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    @Test
    void theHeaderIsVersionOneAndPadsTheDataToSixtyFourBytes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        Npy.writeFloat32(out, new float[] {1, 2, 3, 4, 5, 6}, 3, 2);

        byte[] b = out.toByteArray();
        assertThat(Arrays.copyOf(b, 6)).isEqualTo(Npy.MAGIC);
        assertThat(b[6]).isEqualTo((byte) 1);
        assertThat(b[7]).isEqualTo((byte) 0);
        int headerLength = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        assertThat((10 + headerLength) % 64).isZero();
        String header = new String(b, 10, headerLength, StandardCharsets.ISO_8859_1);
        assertThat(header)
                .startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }")
                .endsWith("\n");
        assertThat(b.length).isEqualTo(10 + headerLength + 6 * 4);
        ByteBuffer data = ByteBuffer.wrap(b, 10 + headerLength, 24).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(data.getFloat()).isEqualTo(1f);
        assertThat(data.getFloat()).isEqualTo(2f);
    }

    @Test
    void oneDimensionalShapesHaveATrailingComma() {
        assertThat(new String(Npy.header("<i4", new long[] {7}), StandardCharsets.ISO_8859_1))
                .contains("'shape': (7,), }");
        assertThat(Npy.shapeText(new long[] {})).isEqualTo("()");
    }

    @Test
    void floatsAndIntsRoundTrip() throws Exception {
        float[] values = {0.1f, -2.5e-7f, Float.MAX_VALUE, 3, 4, 5};
        Path f = dir.resolve("f.npy");
        AtomicFiles.write(f, out -> Npy.writeFloat32(out, values, 2, 3));
        Path i = dir.resolve("i.npy");
        AtomicFiles.write(i, out -> Npy.writeInt32(out, new int[] {-1, 0, 9}, 3));

        Npy.Array a = Npy.read(f);
        Npy.Array l = Npy.read(i);

        assertThat(a.descr()).isEqualTo("<f4");
        assertThat(a.shape()).containsExactly(2, 3);
        assertThat(a.toFloats()).containsExactly(values);
        assertThat(l.shape()).containsExactly(3);
        assertThat(l.toInts()).containsExactly(-1, 0, 9);
    }

    @Test
    void readsFloat64BigEndianFortranOrderAndVersionTwo() throws Exception {
        // the 2 x 3 matrix [[1, 2, 3], [4, 5, 6]] stored column by column, big-endian, in an NPY 2.0 file
        Path f = file(
                "ft.npy",
                npy(
                        2,
                        "{'descr': '>f8', 'fortran_order': True, 'shape': (2, 3), }",
                        doubles(ByteOrder.BIG_ENDIAN, 1, 4, 2, 5, 3, 6)));

        Npy.Array a = Npy.read(f);

        assertThat(a.fortranOrder()).isTrue();
        assertThat(a.toFloats()).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void malformedFilesAreNamedInOneLine() throws Exception {
        Path text = file("text.npy", "not numpy at all".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> Npy.read(text))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(text + ": not an NPY file (expected it to start with \\x93NUMPY)");

        byte[] whole = npy(
                1,
                "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }",
                doubles(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4));
        Path cut = file("cut.npy", Arrays.copyOf(whole, whole.length - 8));
        assertThatThrownBy(() -> Npy.read(cut))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(cut + ": truncated: shape (2, 2) of '<f8' needs 32 bytes of data, found 24");

        Path v9 = file(
                "v9.npy",
                npy(
                        1,
                        "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }",
                        doubles(ByteOrder.LITTLE_ENDIAN, 1)));
        byte[] b = Files.readAllBytes(v9);
        b[6] = 9;
        Files.write(v9, b);
        assertThatThrownBy(() -> Npy.read(v9)).hasMessageContaining("unsupported NPY version 9.0");

        Path noShape = file("ns.npy", npy(1, "{'descr': '<f8', 'fortran_order': False}", new byte[0]));
        assertThatThrownBy(() -> Npy.read(noShape)).hasMessageContaining("no valid 'shape' entry");

        assertThatThrownBy(() -> Npy.read(dir.resolve("missing.npy")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith("missing.npy: no such file");
    }

    @Test
    void integersThatDoNotFitAreRefused() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(3).putLong(1L << 40);
        Path f = file("big.npy", npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", b.array()));

        assertThatThrownBy(() -> Npy.read(f).toInts())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("1099511627776")
                .hasMessageContaining("32-bit");
        assertThatThrownBy(() -> Npy.read(f).toFloats()).hasMessageContaining("found dtype '<i8'");
    }
}
