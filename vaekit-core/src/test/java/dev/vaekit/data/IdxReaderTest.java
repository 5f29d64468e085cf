package dev.vaekit.data;

import static dev.vaekit.data.IdxFiles.gzip;
import static dev.vaekit.data.IdxFiles.idx;
import static dev.vaekit.data.IdxFiles.ramp;
import static dev.vaekit.data.IdxFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vaekit.InvalidInputException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    private Path images;
    private Path labels;

    /** Three 2x3 images with values 0..17 and labels 7, 0, 255. */
    private void writeValid(boolean compress) {
        byte[] img = idx(new int[] {3, 2, 3}, ramp(18));
        byte[] lab = idx(new int[] {3}, new byte[] {7, 0, (byte) 255});
        images = write(dir.resolve("images"), compress ? gzip(img) : img);
        labels = write(dir.resolve("labels"), compress ? gzip(lab) : lab);
    }

    @Test
    void validFileRoundTrips() {
        writeValid(false);

        Dataset d = IdxReader.readImages(images, labels, "toy");

        assertThat(d.name()).isEqualTo("toy");
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.channels()).isEqualTo(1);
        assertThat(d.height()).isEqualTo(2);
        assertThat(d.width()).isEqualTo(3);
        assertThat(d.labels()).containsExactly(7, 0, 255);
        for (int i = 0; i < 18; i++) {
            assertThat(d.features()[i]).isCloseTo(i / 255f, within(1e-7f));
        }
    }

    @Test
    void unsignedBytesScaleToUnitInterval() {
        byte[] data = {0, (byte) 128, (byte) 255, 1};
        Path f = write(dir.resolve("img"), idx(new int[] {1, 2, 2}, data));

        Dataset d = IdxReader.readImages(f, null, "x");

        assertThat(d.features()).containsExactly(0f, 128 / 255f, 1f, 1 / 255f);
        assertThat(d.labels()).isNull();
    }

    @Test
    void gzipIsDetectedByContentNotName() {
        writeValid(true); // no .gz suffix

        Dataset d = IdxReader.readImages(images, labels, "toy");

        assertThat(d.size()).isEqualTo(3);
        assertThat(d.labels()).containsExactly(7, 0, 255);
        assertThat(d.features()[17]).isCloseTo(17 / 255f, within(1e-7f));
    }

    @Test
    void readReturnsDimensionsAndBytes() {
        Path f = write(dir.resolve("a.gz"), gzip(idx(new int[] {2, 3, 4, 5}, ramp(120))));

        IdxReader.IdxArray a = IdxReader.read(f);

        assertThat(a.dims()).containsExactly(2, 3, 4, 5);
        assertThat(a.count()).isEqualTo(120);
        assertThat(a.data()).isEqualTo(ramp(120));
    }

    @Test
    void readLabels() {
        writeValid(false);

        assertThat(IdxReader.readLabels(labels)).containsExactly(7, 0, 255);
    }

    @Test
    void missingFile() {
        Path f = dir.resolve("nope");

        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(f + ": no such file");
    }

    @Test
    void truncatedData() {
        byte[] full = idx(new int[] {3, 2, 3}, ramp(18));
        Path f = write(dir.resolve("cut"), Arrays.copyOf(full, full.length - 5));

        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(f + ": truncated")
                .hasMessageContaining("3x2x3")
                .hasMessageContaining("34 bytes")
                .hasMessageContaining("found 29 bytes");
    }

    @Test
    void truncatedHeader() {
        byte[] full = idx(new int[] {3, 2, 3}, ramp(18));
        Path f = write(dir.resolve("cut"), Arrays.copyOf(full, 6));

        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(f + ": byte offset 6: truncated header, expected 16 header bytes, file ends after 6");
    }

    @Test
    void emptyFile() {
        Path f = write(dir.resolve("empty"), new byte[0]);

        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("byte offset 0: truncated header");
    }

    @Test
    void wrongMagic() {
        byte[] bytes = idx(new int[] {3}, ramp(3));
        bytes[0] = 'P';
        bytes[1] = 'K';
        Path f = write(dir.resolve("zip"), bytes);

        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(f + ": byte offset 0: expected IDX magic 0x00 0x00, found 0x50 0x4b (not an IDX file)");
    }

    @Test
    void unsupportedType() {
        byte[] bytes = idx(new int[] {3}, ramp(3));
        bytes[2] = 0x0D; // float
        Path f = write(dir.resolve("float"), bytes);

        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(f + ": byte offset 2: expected IDX type 0x08 (unsigned byte), found 0x0d");
    }

    @Test
    void dimensionCountOutOfRange() {
        Path none = write(dir.resolve("none"), new byte[] {0, 0, 8, 0});
        Path five = write(dir.resolve("five"), idx(new int[] {1, 1, 1, 1, 1}, ramp(1)));

        assertThatThrownBy(() -> IdxReader.read(none))
                .hasMessage(none + ": byte offset 3: expected 1 to 4 dimensions, found 0");
        assertThatThrownBy(() -> IdxReader.read(five))
                .hasMessage(five + ": byte offset 3: expected 1 to 4 dimensions, found 5");
    }

    @Test
    void nonPositiveDimension() {
        Path f = write(dir.resolve("zero"), idx(new int[] {3, 0, 3}, new byte[0]));

        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(f + ": byte offset 8: expected a positive size for dimension 2, found 0");
    }

    @Test
    void headerClaimingMoreImagesThanPresent() {
        Path f = write(dir.resolve("liar"), idx(new int[] {1000, 2, 3}, ramp(18)));

        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(f + ": truncated")
                .hasMessageContaining("1000x2x3");
    }

    @Test
    void hugeClaimFailsFastWithoutAllocating() {
        // 2^31 - 1 labels fit in an int, so only the real size stops the read; allocating 2 GiB would fail under the
        // test JVM's heap limit with an OutOfMemoryError instead of this message.
        byte[] bytes = idx(new int[] {Integer.MAX_VALUE - 8}, ramp(100));
        Path raw = write(dir.resolve("raw"), bytes);
        Path gz = write(dir.resolve("gz"), gzip(bytes));

        assertThatThrownBy(() -> IdxReader.read(raw))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(raw + ": truncated")
                .hasMessageContaining("found 108 bytes");
        assertThatThrownBy(() -> IdxReader.read(gz))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(gz + " (gzip, decompressed): byte offset 108: truncated: header promises 2147483639 values"
                        + " (2147483647 bytes with the header), data ends after 108 bytes");
    }

    @Test
    void elementCountMustFitInAnInt() {
        Path f = write(dir.resolve("big"), idx(new int[] {Integer.MAX_VALUE, 28, 28}, ramp(10)));

        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(f + ": header: 2147483647x28x28 values; expected at most 2147483639 in all");
    }

    @Test
    void trailingBytesRaw() {
        byte[] full = idx(new int[] {3}, ramp(3));
        Path f = write(dir.resolve("long"), Arrays.copyOf(full, full.length + 2));

        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(f + ": trailing bytes: header promises 3 values (11 bytes with the 8-byte header), found 13"
                        + " bytes");
    }

    @Test
    void trailingBytesGzip() {
        byte[] full = idx(new int[] {3}, ramp(3));
        Path f = write(dir.resolve("long.gz"), gzip(Arrays.copyOf(full, full.length + 2)));

        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(
                        f + " (gzip, decompressed): byte offset 11: expected end of data after 3 values, found extra"
                                + " bytes");
    }

    @Test
    void truncatedGzipStream() {
        byte[] gz = gzip(idx(new int[] {50, 10, 10}, ramp(5000)));
        Path f = write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));

        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(f + " (gzip, decompressed): byte offset ")
                .hasMessageContaining("truncated");
    }

    @Test
    void corruptGzipStream() {
        byte[] gz = gzip(idx(new int[] {50, 10, 10}, ramp(5000)));
        for (int i = 10; i < 40; i++) {
            gz[i] = (byte) 0xff;
        }
        Path f = write(dir.resolve("bad.gz"), gz);

        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(f.toString());
    }

    @Test
    void labelCountMustMatchImageCount() {
        Path img = write(dir.resolve("img"), idx(new int[] {3, 2, 3}, ramp(18)));
        Path lab = write(dir.resolve("lab"), idx(new int[] {2}, ramp(2)));

        assertThatThrownBy(() -> IdxReader.readImages(img, lab, "x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(lab + ": 2 labels, but " + img + " has 3 images; expected one label per image");
    }

    @Test
    void expectedSizeAndClassesAreChecked() {
        writeValid(false);
        IdxReader.Expected twoByThree = new IdxReader.Expected("toy", 2, 3, 256);
        IdxReader.Expected threeByTwo = new IdxReader.Expected("toy", 3, 2, 256);
        IdxReader.Expected eightClasses = new IdxReader.Expected("toy", 2, 3, 8);

        assertThat(IdxReader.readImages(images, labels, "toy", twoByThree).labels())
                .containsExactly(7, 0, 255);
        assertThatThrownBy(() -> IdxReader.readImages(images, labels, "toy", threeByTwo))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(images + ": header: expected toy images of 3x2 pixels, found 2x3 (3x2x3); other images are"
                        + " read with --dataset folder:PATH");
        // the first label outside 0..7 is 255, the third
        assertThatThrownBy(() -> IdxReader.readImages(images, labels, "toy", eightClasses))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(labels + ": byte offset 10 (label of image 3): expected a label from 0 to 7 (toy has 8"
                        + " classes), found 255");
        // labels are optional
        assertThat(IdxReader.readImages(images, null, "toy", eightClasses).size())
                .isEqualTo(3);
    }

    @Test
    void imagesMustBeThreeDimensional() {
        Path img = write(dir.resolve("img"), idx(new int[] {18}, ramp(18)));

        assertThatThrownBy(() -> IdxReader.readImages(img, null, "x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(img + ": header: expected 3 dimensions (count x height x width) for images, found 1 (18)");
    }

    @Test
    void labelsMustBeOneDimensional() {
        Path lab = write(dir.resolve("lab"), idx(new int[] {3, 1}, ramp(3)));

        assertThatThrownBy(() -> IdxReader.readLabels(lab))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(lab + ": header: expected 1 dimension for labels, found 2 (3x1)");
    }
}
