package dev.vaekit.data;

import static dev.vaekit.data.IdxFiles.gzip;
import static dev.vaekit.data.IdxFiles.idx;
import static dev.vaekit.data.IdxFiles.ramp;
import static dev.vaekit.data.IdxFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vaekit.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    @TempDir
    Path dir;

    /** An environment whose cache lies in the temporary folder, so the real user cache never leaks into tests. */
    private Map<String, String> env() {
        return Map.of("XDG_CACHE_HOME", dir.resolve("xdg").toString());
    }

    /**
     * Writes a tiny fake data set (train: {@code nTrain} 2x2 images, test: 1) under {@code root/name}, the training
     * images gzipped to check that both forms are found.
     */
    private static void fake(Path root, String name, int nTrain) {
        Path d = root.resolve(name);
        write(d.resolve("train-images-idx3-ubyte.gz"), gzip(idx(new int[] {nTrain, 2, 2}, ramp(4 * nTrain))));
        write(d.resolve("train-labels-idx1-ubyte"), idx(new int[] {nTrain}, ramp(nTrain)));
        write(d.resolve("t10k-images-idx3-ubyte"), idx(new int[] {1, 2, 2}, ramp(4)));
        write(d.resolve("t10k-labels-idx1-ubyte.gz"), gzip(idx(new int[] {1}, new byte[] {9})));
    }

    @Test
    void mnistMiniLoadsFromTheClassPath() {
        DatasetSplit s = Datasets.load("mnist-mini", null, env());

        for (Dataset d : new Dataset[] {s.trainRows(), s.testRows()}) {
            assertThat(d.dim()).isEqualTo(784);
            assertThat(d.channels()).isEqualTo(1);
            assertThat(d.height()).isEqualTo(28);
            assertThat(d.width()).isEqualTo(28);
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (float v : d.features()) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertThat(min).isZero();
            assertThat(max).isEqualTo(1f);
            assertThat(IntStream.of(d.labels()).allMatch(l -> l >= 0 && l <= 9)).isTrue();
            assertThat(IntStream.of(d.labels()).distinct().count()).isEqualTo(10);
        }
        assertThat(s.train().size()).isEqualTo(5000);
        assertThat(s.test().size()).isEqualTo(1000);
        assertThat(s.train().name()).isEqualTo("mnist-mini/train");
        assertThat(s.test().name()).isEqualTo("mnist-mini/test");
        // The well-known first labels of MNIST's training and test sets.
        assertThat(s.train().labels()).startsWith(5, 0, 4, 1, 9, 2, 1, 3, 1, 4);
        assertThat(s.test().labels()).startsWith(7, 2, 1, 0, 4, 1, 4, 9, 5, 9);
    }

    @Test
    void mnistFromTheGivenDataDirectory() {
        Path root = dir.resolve("data");
        fake(root, "mnist", 3);

        DatasetSplit s = Datasets.load("mnist", root, env());

        assertThat(s.train().name()).isEqualTo("mnist/train");
        assertThat(s.train().size()).isEqualTo(3);
        assertThat(s.train().labels()).containsExactly(0, 1, 2);
        assertThat(s.test().name()).isEqualTo("mnist/test");
        assertThat(s.test().labels()).containsExactly(9);
    }

    @Test
    void searchOrderIsDataDirThenVaekitDataThenCache() {
        Path given = dir.resolve("given");
        Path fromEnv = dir.resolve("env");
        Path cache = dir.resolve("xdg").resolve("vaekit").resolve("datasets");
        fake(fromEnv, "fashion-mnist", 2);
        fake(cache, "fashion-mnist", 4);
        Map<String, String> env = Map.of(
                "VAEKIT_DATA",
                fromEnv.toString(),
                "XDG_CACHE_HOME",
                dir.resolve("xdg").toString());

        assertThat(Datasets.load("fashion-mnist", null, env).train().size()).isEqualTo(2);
        assertThat(Datasets.load("fashion-mnist", null, env()).train().size()).isEqualTo(4);
        fake(given, "fashion-mnist", 5);
        assertThat(Datasets.load("fashion-mnist", given, env).train().size()).isEqualTo(5);
        assertThat(Datasets.load("fashion-mnist", given, env).train().name()).isEqualTo("fashion-mnist/train");
    }

    @Test
    void incompleteFolderIsSkipped() throws IOException {
        Path given = dir.resolve("given");
        fake(given, "mnist", 2);
        Files.delete(given.resolve("mnist").resolve("t10k-images-idx3-ubyte"));
        fake(dir.resolve("xdg").resolve("vaekit").resolve("datasets"), "mnist", 4);

        assertThat(Datasets.load("mnist", given, env()).train().size()).isEqualTo(4);
    }

    @Test
    void missingDatasetNamesThePlacesSearched() {
        Path given = dir.resolve("given");
        Map<String, String> env = Map.of(
                "VAEKIT_DATA",
                dir.resolve("env").toString(),
                "XDG_CACHE_HOME",
                dir.resolve("xdg").toString());

        assertThatThrownBy(() -> Datasets.load("mnist", given, env))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("dataset 'mnist' not found in " + given.resolve("mnist") + ", "
                        + dir.resolve("env").resolve("mnist") + ", "
                        + dir.resolve("xdg")
                                .resolve("vaekit")
                                .resolve("datasets")
                                .resolve("mnist")
                        + "; fetch it with: scripts/fetch-datasets.sh");
    }

    @Test
    void unknownSpecListsTheValidOnes() {
        assertThatThrownBy(() -> Datasets.load("cifar10", null, env()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(
                        "dataset: expected one of mnist, fashion-mnist, mnist-mini, moons, rings, checkerboard, 8gaussians, csv:PATH or folder:PATH, found 'cifar10'");
    }

    @Test
    void csvWithLabelColumn() throws IOException {
        Path f = Files.writeString(dir.resolve("t.csv"), "a,label,b\n1,0,2\n3,1,4\n");

        DatasetSplit s = Datasets.load("csv:" + f, null, env());

        assertThat(s.hasTest()).isFalse();
        assertThat(s.test()).isNull();
        assertThat(s.trainRows().features()).containsExactly(1f, 2f, 3f, 4f);
        assertThat(s.train().labels()).containsExactly(0, 1);
    }

    @Test
    void csvWithoutLabelColumn() throws IOException {
        Path f = Files.writeString(dir.resolve("t.csv"), "a,b\n1,2\n");

        DatasetSplit s = Datasets.load("csv:" + f, null, env());

        assertThat(s.train().labels()).isNull();
        assertThat(s.train().dim()).isEqualTo(2);
    }

    @Test
    void csvErrorsComeFromTheReader() {
        Path f = dir.resolve("none.csv");

        assertThatThrownBy(() -> Datasets.load("csv:" + f, null, env()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(f + ": no such file");
        assertThatThrownBy(() -> Datasets.load("csv:", null, env())).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void cacheRootFollowsXdg() {
        assertThat(Datasets.cacheRoot(Map.of("XDG_CACHE_HOME", "/c", "HOME", "/h")))
                .isEqualTo(Path.of("/c/vaekit/datasets"));
        assertThat(Datasets.cacheRoot(Map.of("HOME", "/h"))).isEqualTo(Path.of("/h/.cache/vaekit/datasets"));
        // A relative XDG_CACHE_HOME is invalid per the specification and ignored.
        assertThat(Datasets.cacheRoot(Map.of("XDG_CACHE_HOME", "rel", "HOME", "/h")))
                .isEqualTo(Path.of("/h/.cache/vaekit/datasets"));
    }
}
