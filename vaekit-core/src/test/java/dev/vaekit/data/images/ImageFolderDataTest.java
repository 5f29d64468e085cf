package dev.vaekit.data.images;

import static dev.vaekit.data.images.TestImages.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.Splits;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a folder through its cache: values, labels, bad files, strictness, sizes, cache reuse and rebuilds. */
class ImageFolderDataTest {

    @TempDir
    Path dir;

    private Path cacheRoot;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        cacheRoot = Files.createDirectory(dir.resolve("cache"));
    }

    /** Image k: 5 wide, 4 high, pixel (x, y) = (10 x + k, 20 y + k, 3 k + x + y). */
    private static BufferedImage image(int k) {
        BufferedImage img = new BufferedImage(5, 4, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 5; x++) {
                img.setRGB(x, y, TestImages.rgb(10 * x + k, 20 * y + k, 3 * k + x + y));
            }
        }
        return img;
    }

    /** The channels-first bytes of {@link #image(int)}. */
    private static int[] expected(int k) {
        int[] v = new int[60];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 5; x++) {
                v[y * 5 + x] = 10 * x + k;
                v[20 + y * 5 + x] = 20 * y + k;
                v[40 + y * 5 + x] = 3 * k + x + y;
            }
        }
        return v;
    }

    private ImageFolderOptions options() {
        return ImageFolderOptions.of(DecodeSettings.of(3, 0))
                .withCacheRoot(cacheRoot)
                .withThreads(2);
    }

    private ImageFolderData open(Path folder, ImageFolderOptions options) {
        return ImageFolderData.open(folder, options, log::add);
    }

    /** Class folders a (images 0, 1, 2), b (3, 4), c (5..9): ten images, written as PNG. */
    private Path classFolders() {
        Path root = dir.resolve("set");
        for (int k = 0; k < 10; k++) {
            String cls = k < 3 ? "a" : k < 5 ? "b" : "c";
            write(root.resolve(cls + "/img" + k + ".png"), TestImages.png(image(k)));
        }
        return root;
    }

    private static int[] bytesOf(ImageFolderData data, int row) {
        byte[] b = new byte[data.dim()];
        data.readBytes(new int[] {row}, b);
        return IntStream.range(0, b.length).map(i -> b[i] & 0xff).toArray();
    }

    @Test
    void readsValuesLabelsAndPathsOfAClassFolderSet() {
        try (ImageFolderData data = open(classFolders(), options())) {
            assertThat(data.size()).isEqualTo(10);
            assertThat(new int[] {data.channels(), data.height(), data.width(), data.dim()})
                    .containsExactly(3, 4, 5, 60);
            assertThat(data.labelNames()).containsExactly("a", "b", "c");
            assertThat(data.hasLabels()).isTrue();
            assertThat(data.labels(IntStream.range(0, 10).toArray())).containsExactly(0, 0, 0, 1, 1, 2, 2, 2, 2, 2);
            assertThat(data.relativePath(4)).isEqualTo("b/img4.png");
            assertThat(data.name()).isEqualTo("folder:" + dir.resolve("set"));

            float[] dst = new float[2 * 60];
            data.read(new int[] {7, 1}, dst);
            int[] e7 = expected(7);
            int[] e1 = expected(1);
            for (int i = 0; i < 60; i++) {
                assertThat(dst[i]).isEqualTo(e7[i] / 255f);
                assertThat(dst[60 + i]).isEqualTo(e1[i] / 255f);
            }
        }
        assertThat(log).anyMatch(l -> l.matches(".*: cached 10 images in [0-9.]+ s \\([0-9]+ images/s\\)"));
    }

    @Test
    void badFilesAreSkippedWithOneLineEachAndASummaryOrRefuseTheSetWhenStrict() throws Exception {
        Path root = dir.resolve("mixed");
        write(root.resolve("good0.png"), TestImages.png(image(0)));
        write(root.resolve("good1.png"), TestImages.png(image(1)));
        write(root.resolve("notes.png"), "not an image".getBytes(StandardCharsets.UTF_8));
        write(root.resolve("zero.png"), new byte[0]);
        byte[] jpeg = TestImages.jpeg(image(2), false);
        write(root.resolve("cut.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
        byte[] png = TestImages.png(image(3));
        write(root.resolve("cut.png"), Arrays.copyOf(png, png.length - 12));
        write(root.resolve("bomb.png"), TestImages.pngHeaderDeclaring(100_000, 100_000));
        write(root.resolve("cmyk.jpg"), TestImages.adobeJpeg(5, 4, 255, 0, 0, 0, false));
        Path outside = write(dir.resolve("outside.png"), TestImages.png(image(4)));
        Files.createSymbolicLink(root.resolve("link.png"), outside);

        try (ImageFolderData data = open(root, options())) {
            // good0, good1 and the CMYK JPEG (converted) are read; six files are skipped
            assertThat(data.size()).isEqualTo(3);
            assertThat(data.relativePath(0)).isEqualTo("cmyk.jpg");
            assertThat(bytesOf(data, 1)).containsExactly(expected(0));
            assertThat(data.skipped()).hasSize(6);
        }
        List<String> skipped = log.stream().filter(l -> l.endsWith("; skipped")).toList();
        assertThat(skipped)
                .containsExactlyInAnyOrder(
                        root.resolve("link.png") + ": symbolic link leads out of the folder " + root + " (to "
                                + outside.toRealPath() + "); not read; skipped",
                        root.resolve("bomb.png") + ": PNG header declares 100000x100000 = 10000000000 pixels, more"
                                + " than the limit of 50000000 (a decompression bomb, or an image too large to"
                                + " decode); not decoded; skipped",
                        root.resolve("cut.jpg") + ": truncated JPEG: Truncated File - Missing EOI marker; skipped",
                        root.resolve("cut.png") + ": truncated PNG: the file ends at byte " + (png.length - 12)
                                + " before its IEND chunk; skipped",
                        root.resolve("notes.png") + ": not an image: expected a PNG, JPEG, GIF or BMP file, found"
                                + " content starting with 0x6e 0x6f 0x74 0x20; skipped",
                        root.resolve("zero.png") + ": empty file (0 bytes); expected an image; skipped");
        assertThat(log)
                .contains(root + ": skipped 6 of 9 image files that could not be read; strict mode refuses the data"
                        + " set instead");
        assertThat(log).anyMatch(l -> l.startsWith(root + ": 1 image: decoder warning: No embedded ICC"));

        // opened again: the cache is reused and reports the same lines
        List<String> first = new ArrayList<>(log);
        log.clear();
        open(root, options()).close();
        assertThat(log).noneMatch(l -> l.contains("decoding"));
        assertThat(log.stream().filter(l -> l.contains("skipped")))
                .containsExactlyElementsOf(
                        first.stream().filter(l -> l.contains("skipped")).toList());

        // strict, on the same folder: the cache already built says so without decoding again
        log.clear();
        assertThatThrownBy(() -> open(root, options().withStrict(true)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith(" (strict: the data set is refused)")
                .hasMessageStartingWith(root.resolve("link.png") + ": symbolic link leads out");
        // strict, with a fresh cache folder and no scan problem: the first undecodable file refuses it
        Files.delete(root.resolve("link.png"));
        assertThatThrownBy(() -> open(root, options().withStrict(true).withCacheRoot(dir.resolve("cache2"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(root.resolve("bomb.png") + ": PNG header declares 100000x100000 = 10000000000 pixels,"
                        + " more than the limit of 50000000 (a decompression bomb, or an image too large to decode);"
                        + " not decoded (strict: the data set is refused)");
    }

    @Test
    void animatedGifIsReadAsItsFirstFrameWithASummaryLine() {
        Path root = dir.resolve("gifs");
        // 6 rows: the JDK writes interlaced GIFs, and those 2 to 4 rows high are refused
        BufferedImage first = new BufferedImage(5, 6, BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage second = new BufferedImage(5, 6, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 5; x++) {
                first.setRGB(x, y, 0xFF0000);
                second.setRGB(x, y, 0x00FF00);
            }
        }
        write(root.resolve("anim.gif"), TestImages.animatedGif(List.of(first, second)));
        write(root.resolve("still.png"), TestImages.png(first));

        try (ImageFolderData data = open(root, options())) {
            assertThat(bytesOf(data, 0)).containsExactly(bytesOf(data, 1));
            assertThat(bytesOf(data, 0)[0]).isEqualTo(255);
            assertThat(data.notes())
                    .containsExactly(root + ": 1 image: animated GIF with N frames: the first frame is used (e.g. "
                            + root.resolve("anim.gif") + ")");
        }
    }

    @Test
    void mixedSizesWithoutAnImageSizeAreRefusedNamingTwoFiles() {
        Path root = dir.resolve("sizes");
        write(root.resolve("a.png"), TestImages.png(image(0)));
        write(root.resolve("b.png"), TestImages.png(TestImages.rgbRamp(7, 3)));

        assertThatThrownBy(() -> open(root, options()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(root + ": images differ in size: " + root.resolve("a.png") + " is 5x4, "
                        + root.resolve("b.png") + " is 7x3 (width x height); expected one size, or an image size to"
                        + " resize them to");

        ImageFolderOptions resized =
                ImageFolderOptions.of(DecodeSettings.of(1, 3)).withCacheRoot(cacheRoot);
        try (ImageFolderData data = open(root, resized)) {
            assertThat(new int[] {data.size(), data.channels(), data.height(), data.width()})
                    .containsExactly(2, 1, 3, 3);
        }
    }

    @Test
    void cacheIsBuiltOnceReusedAndRebuiltWhenAFileChanges() throws Exception {
        Path root = classFolders();
        String hash;
        Path cacheFile;
        try (ImageFolderData first = open(root, options())) {
            assertThat(first.buildImagesPerSecond()).isPositive();
            hash = first.listHash();
            cacheFile = first.cacheFile();
        }
        assertThat(cacheFile.getParent()).isEqualTo(cacheRoot);
        assertThat(cacheFile.getFileName().toString()).endsWith(".vkimg");
        assertThat(log.stream().filter(l -> l.contains("decoding 10 image files")))
                .hasSize(1);
        FileTime built = Files.getLastModifiedTime(cacheFile);

        log.clear();
        try (ImageFolderData again = open(root, options())) {
            assertThat(again.buildImagesPerSecond()).isNaN();
            assertThat(again.listHash()).isEqualTo(hash);
            assertThat(bytesOf(again, 5)).containsExactly(expected(5));
        }
        assertThat(log).noneMatch(l -> l.contains("decoding"));
        assertThat(Files.getLastModifiedTime(cacheFile)).isEqualTo(built);
        try (var files = Files.list(cacheRoot)) {
            assertThat(files.toList()).containsExactly(cacheFile); // no stray temporary file
        }

        // image 5 rewritten with image 42's pixels
        Path changed = root.resolve("c/img5.png");
        write(changed, TestImages.png(image(42)));
        Files.setLastModifiedTime(
                changed, FileTime.fromMillis(Files.getLastModifiedTime(changed).toMillis() + 5000));
        log.clear();
        try (ImageFolderData rebuilt = open(root, options())) {
            assertThat(rebuilt.buildImagesPerSecond()).isPositive();
            assertThat(bytesOf(rebuilt, 5)).containsExactly(expected(42));
            assertThat(rebuilt.listHash()).isNotEqualTo(hash);
            assertThat(rebuilt.cacheFile()).isEqualTo(cacheFile);
        }
        assertThat(log).anyMatch(l -> l.contains("was built from another file list or other settings; rebuilding"));

        // a file added: rebuilt, one more image
        write(root.resolve("a/img10.png"), TestImages.png(image(10)));
        try (ImageFolderData grown = open(root, options())) {
            assertThat(grown.size()).isEqualTo(11);
            assertThat(grown.label(3)).isZero();
        }
    }

    @Test
    void otherSettingsGetTheirOwnCacheFile() {
        Path root = classFolders();
        try (ImageFolderData rgb = open(root, options());
                ImageFolderData grey = open(root, options().withStrict(false).withThreads(1))) {
            assertThat(grey.cacheFile()).isEqualTo(rgb.cacheFile()); // same settings: threads do not matter
        }
        ImageFolderOptions oneChannel =
                ImageFolderOptions.of(DecodeSettings.of(1, 0)).withCacheRoot(cacheRoot);
        try (ImageFolderData rgb = open(root, options());
                ImageFolderData grey = open(root, oneChannel)) {
            assertThat(grey.cacheFile()).isNotEqualTo(rgb.cacheFile());
            assertThat(grey.channels()).isEqualTo(1);
            // BT.601 luma of image 2's pixel (0, 0) = (2, 2, 6): 0.299*2 + 0.587*2 + 0.114*6 = 2.456 -> 2
            assertThat(bytesOf(grey, 2)[0]).isEqualTo(2);
        }
    }

    @Test
    void damagedOrForeignCacheFilesAreRebuiltNotTrusted() throws Exception {
        Path root = classFolders();
        Path cacheFile;
        try (ImageFolderData data = open(root, options())) {
            cacheFile = data.cacheFile();
        }
        byte[] good = Files.readAllBytes(cacheFile);

        // one pixel byte flipped (image 3, first byte)
        byte[] flipped = good.clone();
        flipped[ImageCache.HEADER_BYTES + 3 * 60] ^= 0x55;
        assertRebuilt(root, cacheFile, flipped, "has damaged pixels (checksum mismatch)");

        byte[] headerFlipped = good.clone();
        headerFlipped[20] ^= 1;
        assertRebuilt(root, cacheFile, headerFlipped, "has a damaged header (checksum mismatch)");

        assertRebuilt(root, cacheFile, Arrays.copyOf(good, good.length - 1), "has the wrong length");

        byte[] metaFlipped = good.clone();
        metaFlipped[good.length - 3] ^= 1;
        assertRebuilt(root, cacheFile, metaFlipped, "has damaged metadata (checksum mismatch)");

        assertRebuilt(
                root,
                cacheFile,
                "PK\3\4 some zip file, not ours".repeat(5).getBytes(StandardCharsets.UTF_8),
                "is not a vaekit image cache (wrong magic bytes)");
        assertRebuilt(root, cacheFile, new byte[10], "is shorter than its header (10 bytes)");

        assertThat(Files.readAllBytes(cacheFile)).isEqualTo(good); // every rebuild gives the same bytes
    }

    private void assertRebuilt(Path root, Path cacheFile, byte[] bad, String reason) throws Exception {
        Files.write(cacheFile, bad);
        log.clear();
        try (ImageFolderData data = open(root, options())) {
            assertThat(data.buildImagesPerSecond()).isPositive();
            for (int k = 0; k < 10; k++) {
                assertThat(bytesOf(data, k)).containsExactly(expected(k));
            }
        }
        assertThat(log).anyMatch(l -> l.contains("image cache " + cacheFile + " " + reason));
    }

    @Test
    void batchesReadAnyRowsInAnyOrderFromSeveralThreads() throws Exception {
        Path root = classFolders();
        try (ImageFolderData data = open(root, options())) {
            int[] rows = {2, 3, 4, 8, 9, 0, 5, 5};
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<float[]>> reads = new ArrayList<>();
                for (int t = 0; t < 16; t++) {
                    reads.add(pool.submit(() -> {
                        float[] dst = new float[rows.length * 60];
                        for (int repeat = 0; repeat < 50; repeat++) {
                            data.read(rows, dst);
                        }
                        return dst;
                    }));
                }
                for (Future<float[]> read : reads) {
                    float[] dst = read.get();
                    for (int i = 0; i < rows.length; i++) {
                        int[] e = expected(rows[i]);
                        for (int j = 0; j < 60; j++) {
                            assertThat(dst[i * 60 + j])
                                    .as("row %d value %d", rows[i], j)
                                    .isEqualTo(e[j] / 255f);
                        }
                    }
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void readingAClosedDataSetFails() {
        ImageFolderData data = open(classFolders(), options());
        data.close();
        data.close();
        assertThatThrownBy(() -> bytesOf(data, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void listHashNamesTheImagesNotWhereOrWhenTheyAre() throws Exception {
        Path root = classFolders();
        Path copy = dir.resolve("copy");
        for (int k = 0; k < 10; k++) {
            String cls = k < 3 ? "a" : k < 5 ? "b" : "c";
            write(copy.resolve(cls + "/img" + k + ".png"), Files.readAllBytes(root.resolve(cls + "/img" + k + ".png")));
        }
        try (ImageFolderData a = open(root, options());
                ImageFolderData b = open(copy, options())) {
            assertThat(b.listHash()).isEqualTo(a.listHash()).hasSize(64);
            assertThat(b.cacheFile()).isNotEqualTo(a.cacheFile());
        }
        Files.move(copy.resolve("c/img9.png"), copy.resolve("b/img9.png"));
        String moved;
        try (ImageFolderData b = open(copy, options())) {
            moved = b.listHash();
        }
        try (ImageFolderData a = open(root, options())) {
            assertThat(moved).isNotEqualTo(a.listHash());
        }
    }

    @Test
    void seededSplitIsDisjointCompleteReproducibleAndThatOfSplits() {
        try (ImageFolderData data = open(classFolders(), options())) {
            ImageFolderData.Split split = data.split(ImageFolderData.DEFAULT_TEST_FRACTION, 11);
            ImageFolderData.Split again = data.split(0.1, 11);
            ImageFolderData.Split other = data.split(0.3, 12);

            assertThat(split.test()).hasSize(1);
            assertThat(split.train()).hasSize(9).isSorted();
            assertThat(IntStream.concat(IntStream.of(split.train()), IntStream.of(split.test()))
                            .sorted()
                            .toArray())
                    .containsExactly(IntStream.range(0, 10).toArray());
            assertThat(again.test()).isEqualTo(split.test());
            assertThat(other.test()).hasSize(3);
            int[] order = Splits.permutation(10, 12);
            int[] firstThree = Arrays.copyOf(order, 3);
            Arrays.sort(firstThree);
            assertThat(other.test()).containsExactly(firstThree);
            assertThatThrownBy(() -> data.split(1.0, 1))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("test fraction: expected a number in [0, 1), found 1.0");
            assertThatThrownBy(() -> data.split(0.97, 1))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("leaves no training images");
        }
    }

    @Test
    void unlabelledFolderAndClosedData() {
        Path root = dir.resolve("flat");
        write(root.resolve("x.png"), TestImages.png(image(3)));
        ImageFolderData data = open(root, options());

        assertThat(data.hasLabels()).isFalse();
        assertThat(data.labelNames()).isEmpty();
        assertThat(data.labels(new int[] {0})).isNull();
        assertThatThrownBy(() -> data.label(0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> data.readBytes(new int[] {1}, new byte[60]))
                .isInstanceOf(IndexOutOfBoundsException.class);
        data.close();
        assertThatThrownBy(() -> data.readBytes(new int[] {0}, new byte[60]))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void noReadableImageIsRefused() {
        Path root = dir.resolve("bad");
        write(root.resolve("a.png"), new byte[0]);
        write(root.resolve("b.jpg"), "text".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> open(root, options()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(root + ": none of the 2 image files could be read; the first: " + root.resolve("a.png")
                        + ": empty file (0 bytes); expected an image; skipped");
    }

    @Test
    void cacheFolderThatCannotBeCreatedIsOneLine() throws Exception {
        Path blocker = write(dir.resolve("blocker"), new byte[] {1});
        Path root = classFolders();

        assertThatThrownBy(() -> open(root, options().withCacheRoot(blocker.resolve("sub"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(blocker.resolve("sub") + ": cannot create the image cache folder");
    }

    @Test
    void defaultCacheRootFollowsXdg() {
        assertThat(ImageFolderOptions.defaultCacheRoot(java.util.Map.of("XDG_CACHE_HOME", "/x/cache", "HOME", "/h")))
                .isEqualTo(Path.of("/x/cache/vaekit/images"));
        assertThat(ImageFolderOptions.defaultCacheRoot(java.util.Map.of("XDG_CACHE_HOME", "relative", "HOME", "/h")))
                .isEqualTo(Path.of("/h/.cache/vaekit/images"));
    }
}
