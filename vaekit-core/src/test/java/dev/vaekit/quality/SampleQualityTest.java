package dev.vaekit.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.Dataset;
import dev.vaekit.data.DatasetSplit;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java API of sample quality: float rows scored against test images, the reference row, bad input. */
class SampleQualityTest {
    @TempDir
    static Path cache;

    private static SampleQuality quality;

    @BeforeAll
    static void prepare() {
        quality = SampleQuality.prepare(
                QualityFixtures.mnistMini(600, 200),
                ClassifierSettings.defaults().withEpochs(2),
                new ClassifierCache(cache),
                line -> {});
    }

    @AfterAll
    static void close() {
        quality.close();
    }

    private static float[][] testRows(int from, int n) {
        float[][] rows = new float[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = quality.data().test().row(from + i);
        }
        return rows;
    }

    @Test
    void theTestImagesThemselvesScoreAPerfectSample() {
        SampleQualityScores s = quality.score(testRows(0, 150), 3);
        assertThat(s.n()).isEqualTo(150);
        assertThat(s.frechetDistance()).isCloseTo(0, within(1e-6));
        assertThat(s.precision()).isEqualTo(1.0);
        assertThat(s.recall()).isEqualTo(1.0);
    }

    @Test
    void realImagesScoreFarBetterThanNoise() {
        SampleQualityScores reference = quality.reference(150, 3);
        assertThat(reference.n()).isEqualTo(150);
        assertThat(reference.frechetDistance()).isPositive();
        assertThat(reference.precision()).isGreaterThan(0.5);
        assertThat(reference.recall()).isGreaterThan(0.5);

        Random random = new Random(1);
        float[][] noise = new float[150][784];
        for (float[] row : noise) {
            for (int j = 0; j < row.length; j++) {
                row[j] = random.nextFloat();
            }
        }
        SampleQualityScores scored = quality.score(noise, 3);
        assertThat(scored.frechetDistance()).isGreaterThan(10 * reference.frechetDistance());
        assertThat(scored.precision()).isLessThan(0.1);
        assertThat(scored.recall()).isLessThan(0.1);
    }

    @Test
    void theReferenceIsCutToTheHeldOutImages() {
        assertThat(quality.referenceSize()).isEqualTo(200);
        assertThat(quality.maxSamples()).isEqualTo(200);
        assertThat(quality.testLabels(3))
                .containsExactly(
                        quality.data().testLabels()[0],
                        quality.data().testLabels()[1],
                        quality.data().testLabels()[2]);
    }

    @Test
    void badSamplesAreRefusedInOneLine() {
        assertThatThrownBy(() -> quality.score(testRows(0, 3), 3))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("the number of samples must be in [4, 200] (mnist-mini has 200 test images to compare "
                        + "them with), got 3");
        assertThatThrownBy(() -> quality.score(new float[201 * 784], 3))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("got 201");
        assertThatThrownBy(() -> quality.score(new float[][] {new float[784], new float[783]}, 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("sample 2 has 783 values; mnist-mini's examples have 784 (shape [1, 28, 28])");
        float[][] rows = testRows(0, 10);
        rows[4][17] = Float.NaN;
        assertThatThrownBy(() -> quality.score(rows, 3))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("sample 5 holds a non-finite value (NaN); sample quality needs finite samples");
        assertThatThrownBy(() -> quality.score(testRows(0, 10), 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("k must be >= 1, got 0");
    }

    @Test
    void dataWithoutLabelsOrATestSplitIsRefused() {
        Dataset unlabelled = new Dataset("points", new float[20], null, 1, 1, 2);
        assertThatThrownBy(() -> LabelledData.of("points", new DatasetSplit(unlabelled, unlabelled)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("points has no labels; sample quality measures samples in the features of a "
                        + "classifier trained on a data set's labels");
        Dataset labelled = new Dataset("rows", new float[20], new int[10], 1, 1, 2);
        assertThatThrownBy(() -> LabelledData.of("rows", new DatasetSplit(labelled, null)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("rows has no test split");
        assertThatThrownBy(() -> LabelledData.of("rows", new DatasetSplit(labelled, labelled)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("one class only");
    }
}
