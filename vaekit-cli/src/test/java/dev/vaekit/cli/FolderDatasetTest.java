package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vaekit.train.Configs;
import dev.vaekit.train.RunConfig;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --dataset folder:PATH} end to end: a folder of colour PNGs in class sub-folders trains a convolutional VAE on
 * three channels read through the image cache, the run records which images it used, and evaluation, sampling and
 * encoding read the folder's test split.
 */
class FolderDatasetTest {
    @TempDir
    static Path shared;

    private static Path folder;
    private static Path run;
    private static Cli.Result training;

    @BeforeAll
    static void trainOnAFolder() {
        // 600 coloured digits of the embedded data, 28 x 28, in class sub-folders 0..9
        folder = ColourRuns.digits(shared.resolve("digits"), 600, 28, 5);
        run = shared.resolve("run");
        training = ColourRuns.train(
                folder,
                run,
                "--likelihood",
                "gaussian",
                "--model",
                "conv-vae",
                "--hidden",
                "8,16",
                "--latent-dim",
                "4",
                "--epochs",
                "1");
    }

    @Test
    void theRunTrainsOnThreeChannelsAndRecordsItsImages() throws Exception {
        RunConfig saved = Configs.read(run.resolve("config.json"));

        assertThat(saved.model().inputShape()).containsExactly(3, 28, 28);
        assertThat(saved.data().sourceHash()).matches("[0-9a-f]{64}");
        assertThat(saved.data().channels()).isEqualTo(3);
    }

    @Test
    void evaluationAndEncodingReadTheFolder() throws Exception {
        Cli.Result eval = Cli.ok("eval", run.toString(), "--k", "5", "--eval-size", "20");
        assertThat(eval.out()).contains("test set     20 examples").contains("NLL");

        Path codes = shared.resolve("codes.csv");
        Cli.ok("encode", run.toString(), "--n", "7", "-o", codes.toString());
        assertThat(Files.readAllLines(codes)).hasSize(8).first().asString().startsWith("z0,z1,z2,z3,label");
    }

    @Test
    void samplesAreColourPictures() throws Exception {
        Path png = shared.resolve("samples.png");
        Cli.ok("sample", run.toString(), "--n", "4", "--columns", "2", "-o", png.toString());

        BufferedImage picture = ImageIO.read(png.toFile());
        assertThat(picture.getColorModel().getNumColorComponents()).isEqualTo(3);
    }

    @Test
    void greyImagesOfTheFolderTrainOnOneChannel() {
        Path grey = shared.resolve("grey");
        Cli.ok(
                "train",
                "--dataset",
                "folder:" + folder,
                "--channels",
                "1",
                "--image-size",
                "16",
                "--hidden",
                "16",
                "--latent-dim",
                "2",
                "--epochs",
                "1",
                "--quiet",
                "--threads",
                "1",
                "--out",
                grey.toString());

        assertThat(Configs.read(grey.resolve("config.json")).model().inputShape())
                .containsExactly(1, 16, 16);
    }

    @Test
    void aMissingFolderAndFolderFlagsOnOtherDataAreOneLine() {
        Cli.Result missing = Cli.run("train", "--dataset", "folder:" + shared.resolve("nothing"), "--quiet");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.errLines()).hasSize(1);

        Cli.Result misplaced = Cli.run("train", "--channels", "1", "--quiet");
        assertThat(misplaced.code()).isEqualTo(2);
        assertThat(misplaced.errLines()).singleElement().asString().contains("apply to a folder of images");
    }
}
