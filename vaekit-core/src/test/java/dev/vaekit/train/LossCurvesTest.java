package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vaekit.Fixtures;
import dev.vaekit.models.Capabilities;
import dev.vaekit.models.ModelConfig;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
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
        assertThat(seriesNames(LossCurves.Kind.VAE))
                .containsExactly("train −ELBO", "train −E[log p(x|z)]", "train KL", "validation −ELBO");
        assertThat(seriesNames(LossCurves.Kind.AUTOENCODER))
                .containsExactly("train −log p(x|z=enc(x))", "validation −log p(x|z=enc(x))");
    }

    @Test
    void aFlowIsLabelledWithItsExactNegativeLogLikelihood() {
        assertThat(seriesNames(LossCurves.Kind.FLOW)).containsExactly("train −log p(x)", "validation −log p(x)");
    }

    @Test
    void theKindFollowsTheModelType() {
        ModelConfig vae = Fixtures.tinyModel();
        ModelConfig flow = ModelConfig.builder("nice")
                .inputShape(vae.inputShape())
                .latentDim(vae.latentDim())
                .hidden(vae.hidden())
                .activation(vae.activation())
                .build();

        assertThat(LossCurves.Kind.of(vae)).isEqualTo(LossCurves.Kind.VAE);
        assertThat(LossCurves.Kind.of(Fixtures.tinyAutoencoder())).isEqualTo(LossCurves.Kind.AUTOENCODER);
        assertThat(LossCurves.Kind.of(flow)).isEqualTo(LossCurves.Kind.FLOW);
        assertThat(LossCurves.Kind.of(Capabilities.Likelihood.BOUND)).isEqualTo(LossCurves.Kind.VAE);
        assertThat(LossCurves.Kind.of(Capabilities.Likelihood.NONE)).isEqualTo(LossCurves.Kind.AUTOENCODER);
        assertThat(LossCurves.Kind.of(Capabilities.Likelihood.EXACT)).isEqualTo(LossCurves.Kind.FLOW);
    }

    @Test
    void oneDivergingEpochSwitchesTheLossAxisToLogarithmic() {
        assertThat(logarithmicAxis(700, 690, 680)).isFalse();
        assertThat(logarithmicAxis(700, 2e9, 680)).isTrue();
    }

    @Test
    void aVaesSmallKlBesideItsBoundKeepsTheLinearAxis() {
        // a KL of 0.1 nat beside a bound of 100: a ratio of 1,000 between the series, none across the epochs
        List<EpochMetrics> metrics =
                List.of(new EpochMetrics(1, 1, 1000, 1e-3, 1, 100, -99.9, 0.1, -100, 100, -99.9, 0.1, 0.1, 0));

        assertThat(LossCurves.chart(metrics, "vae", LossCurves.Kind.VAE)
                        .getStyler()
                        .isYAxisLogarithmic())
                .isFalse();
    }

    @Test
    void aNegativeLossKeepsTheLinearAxisEvenWithAWideRange() {
        // a Gaussian likelihood's −ELBO can be negative; a logarithmic axis cannot show it
        assertThat(logarithmicAxis(-50, 1e6)).isFalse();
    }

    private static List<String> seriesNames(LossCurves.Kind kind) {
        List<EpochMetrics> metrics = List.of(epoch(1, 190), epoch(2, 185));
        return List.copyOf(
                LossCurves.chart(metrics, kind.name(), kind).getSeriesMap().keySet());
    }

    /** Whether a flow's chart of these training losses, one per epoch, has a logarithmic loss axis. */
    private static boolean logarithmicAxis(double... losses) {
        List<EpochMetrics> metrics = IntStream.range(0, losses.length)
                .mapToObj(e -> new EpochMetrics(
                        e + 1,
                        1,
                        1000,
                        1e-3,
                        1,
                        losses[e],
                        -losses[e],
                        0,
                        -losses[e],
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        0.1,
                        0))
                .toList();
        return LossCurves.chart(metrics, "flow", LossCurves.Kind.FLOW)
                .getStyler()
                .isYAxisLogarithmic();
    }
}
