package dev.vaekit.quality;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.vaekit.data.DatasetSplit;
import dev.vaekit.engine.Engines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classifier cache: trained once per key, read back after, trained again when its key changes or it is damaged. */
class ClassifierCacheTest {
    /** One epoch over 400 images: a classifier in well under a second. */
    private static final ClassifierSettings QUICK =
            ClassifierSettings.defaults().withEpochs(1);

    @TempDir
    Path dir;

    private NDManager manager;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void open() {
        manager = Engines.newManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static LabelledData small() {
        return QualityFixtures.mnistMini(600, 200);
    }

    private float[] features(ClassifierCache.TrainedClassifier c, LabelledData data) {
        return c.classifier().features(data.test(), 5);
    }

    private List<Path> files(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }

    @Test
    void aClassifierIsTrainedOnceAndThenReadBack() throws IOException {
        ClassifierCache cache = new ClassifierCache(dir.resolve("cache"));
        LabelledData data = small();
        float[] trainedFeatures;
        ClassifierInfo trainedInfo;
        try (ClassifierCache.TrainedClassifier first = cache.obtain(data, QUICK, manager, log::add)) {
            assertThat(first.trained()).isTrue();
            assertThat(first.weights()).isEqualTo(cache.weightsFile(first.info().key()));
            trainedFeatures = features(first, data);
            trainedInfo = first.info();
        }
        assertThat(files(cache.folder()))
                .extracting(p -> p.getFileName().toString())
                .containsExactly(
                        "classifier-" + trainedInfo.key() + ".json",
                        "classifier-" + trainedInfo.key() + ".safetensors");
        assertThat(trainedInfo.trainImages()).isEqualTo(400);
        assertThat(trainedInfo.testImages()).isEqualTo(200);
        assertThat(trainedInfo.epochs()).isEqualTo(1);
        assertThat(trainedInfo.testAccuracy()).isBetween(0.0, 1.0);
        assertThat(trainedInfo.key()).isEqualTo(ClassifierCache.key(ClassifierCache.description(data, QUICK)));

        log.clear();
        try (ClassifierCache.TrainedClassifier again =
                new ClassifierCache(dir.resolve("cache")).obtain(small(), QUICK, manager, log::add)) {
            assertThat(again.trained()).isFalse();
            assertThat(again.info()).isEqualTo(trainedInfo);
            assertThat(features(again, data)).containsExactly(trainedFeatures);
        }
        assertThat(log).singleElement().asString().startsWith("feature classifier " + trainedInfo.key() + " read from");
    }

    @Test
    void anotherSeedEpochCountOrDataSetTrainsAnotherClassifier() throws IOException {
        ClassifierCache cache = new ClassifierCache(dir);
        LabelledData data = small();
        List<String> keys = new ArrayList<>();
        for (ClassifierSettings settings : List.of(QUICK, QUICK.withSeed(5), QUICK.withEpochs(2))) {
            try (ClassifierCache.TrainedClassifier c = cache.obtain(data, settings, manager, log::add)) {
                assertThat(c.trained()).isTrue();
                keys.add(c.info().key());
            }
        }
        // another test split, the same training images: another identity of the data
        DatasetSplit all = QualityFixtures.mnistMini();
        LabelledData other = LabelledData.of(
                "mnist-mini",
                new DatasetSplit(all.train().slice(0, 600), all.test().slice(200, 400)));
        assertThat(other.fingerprint()).isNotEqualTo(data.fingerprint());
        try (ClassifierCache.TrainedClassifier c = cache.obtain(other, QUICK, manager, log::add)) {
            assertThat(c.trained()).isTrue();
            keys.add(c.info().key());
        }
        assertThat(keys).doesNotHaveDuplicates();
        assertThat(files(dir)).hasSize(2 * keys.size());
        // the automatic number of epochs (0) that comes to the same count is the same classifier
        assertThat(ClassifierCache.description(data, ClassifierSettings.defaults()))
                .isEqualTo(ClassifierCache.description(
                        data, ClassifierSettings.defaults().withEpochs(ClassifierSettings.MAX_DEFAULT_EPOCHS)));
    }

    @Test
    void aDamagedEntryIsTrainedAgainAndReplaced() throws IOException {
        ClassifierCache cache = new ClassifierCache(dir);
        LabelledData data = small();
        String key;
        try (ClassifierCache.TrainedClassifier c = cache.obtain(data, QUICK, manager, log::add)) {
            key = c.info().key();
        }
        Path weights = cache.weightsFile(key);
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        log.clear();
        try (ClassifierCache.TrainedClassifier c = cache.obtain(data, QUICK, manager, log::add)) {
            assertThat(c.trained()).isTrue();
        }
        assertThat(log.get(0))
                .startsWith("the cached classifier " + weights + " cannot be used (")
                .endsWith("training it again");
        assertThat(Files.size(weights)).isEqualTo(bytes.length);

        // a description written for another classifier under this key is not believed
        Path info = cache.infoFile(key);
        Files.writeString(info, Files.readString(info).replace("seed 0", "seed 9"));
        log.clear();
        try (ClassifierCache.TrainedClassifier c = cache.obtain(data, QUICK, manager, log::add)) {
            assertThat(c.trained()).isTrue();
        }
        assertThat(log.get(0)).contains("describes another classifier");
        try (ClassifierCache.TrainedClassifier c = cache.obtain(data, QUICK, manager, log::add)) {
            assertThat(c.trained()).as("the entry written again is read back").isFalse();
        }
    }

    @Test
    void aCacheThatCannotBeWrittenStillGivesAClassifier() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");
        try (ClassifierCache.TrainedClassifier c =
                new ClassifierCache(notAFolder).obtain(small(), QUICK, manager, log::add)) {
            assertThat(c.trained()).isTrue();
            assertThat(c.weights()).isNull();
        }
        assertThat(log).last().asString().startsWith("cannot keep the classifier in " + notAFolder);
    }
}
