package dev.vaekit.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vaekit.train.EpochMetrics;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossCurvesTest {
    @TempDir
    Path dir;

    private static EpochMetrics epoch(int e, double validation) {
        return new EpochMetrics(e, 1, 1000, 1e-3, 1, 200 - e, -180 + e, 20, -200 + e, validation, -175, 21, 0.1, 0);
    }

    @Test
    void writesANonEmptyPngOfTheChartSize() throws Exception {
        Path png = dir.resolve("loss.png");

        LossCurves.write(List.of(epoch(1, 190), epoch(2, 185), epoch(3, 183)), "vaekit: test", png);

        assertThat(Files.size(png)).isGreaterThan(1000);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img).isNotNull();
        assertThat(img.getWidth()).isEqualTo(800);
        assertThat(img.getHeight()).isEqualTo(500);
        assertThat(dir.resolve("loss.png.tmp")).doesNotExist();
    }

    @Test
    void aRunWithoutValidationAndASingleEpochStillPlots() throws Exception {
        Path png = dir.resolve("one.png");

        LossCurves.write(List.of(epoch(1, Double.NaN)), "one epoch", png);

        assertThat(ImageIO.read(png.toFile())).isNotNull();
    }

    @Test
    void noEpochsIsAnError() {
        assertThatThrownBy(() -> LossCurves.write(List.of(), "none", dir.resolve("x.png")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(dir.resolve("x.png")).doesNotExist();
    }

    @Test
    void aVaeGetsItsBoundAndTermsAndAPlainAutoencoderItsOneLoss() {
        List<EpochMetrics> metrics = List.of(epoch(1, 190), epoch(2, 185));

        assertThat(LossCurves.chart(metrics, "vae", LossCurves.Kind.VAE)
                        .getSeriesMap()
                        .keySet())
                .containsExactly("train −ELBO", "train −E[log p(x|z)]", "train KL", "validation −ELBO");
        assertThat(LossCurves.chart(metrics, "ae", LossCurves.Kind.AUTOENCODER)
                        .getSeriesMap()
                        .keySet())
                .containsExactly("train −log p(x|z=enc(x))", "validation −log p(x|z=enc(x))");
    }

    @Test
    void aFlowIsLabelledWithItsExactNegativeLogLikelihood() {
        List<EpochMetrics> metrics = List.of(epoch(1, 190), epoch(2, 185));

        assertThat(LossCurves.chart(metrics, "flow", LossCurves.Kind.FLOW)
                        .getSeriesMap()
                        .keySet())
                .containsExactly("train −log p(x)", "validation −log p(x)");
    }

    @Test
    void oneDivergingEpochSwitchesTheLossAxisToLogarithmic() {
        List<EpochMetrics> steady = List.of(flowEpoch(1, 700), flowEpoch(2, 690), flowEpoch(3, 680));
        List<EpochMetrics> diverged = List.of(flowEpoch(1, 700), flowEpoch(2, 2e9), flowEpoch(3, 680));

        assertThat(LossCurves.chart(steady, "steady", LossCurves.Kind.FLOW)
                        .getStyler()
                        .isYAxisLogarithmic())
                .isFalse();
        assertThat(LossCurves.chart(diverged, "spike", LossCurves.Kind.FLOW)
                        .getStyler()
                        .isYAxisLogarithmic())
                .isTrue();
    }

    @Test
    void aNegativeLossKeepsTheLinearAxisEvenWithAWideRange() {
        // a Gaussian likelihood's −ELBO can be negative; a logarithmic axis cannot show it
        List<EpochMetrics> metrics = List.of(flowEpoch(1, -50), flowEpoch(2, 1e6));

        assertThat(LossCurves.chart(metrics, "negative", LossCurves.Kind.FLOW)
                        .getStyler()
                        .isYAxisLogarithmic())
                .isFalse();
    }

    private static EpochMetrics flowEpoch(int e, double loss) {
        return new EpochMetrics(e, 1, 1000, 1e-3, 1, loss, -loss, 0, -loss, Double.NaN, Double.NaN, Double.NaN, 0.1, 0);
    }
}
