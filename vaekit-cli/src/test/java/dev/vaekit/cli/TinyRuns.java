package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Helpers for the commands that use a trained model's latent space. */
final class TinyRuns {
    /** Side of one 28×28 image drawn at scale 2, plus the 2-pixel gap. */
    static final int CELL = 58;

    private TinyRuns() {}

    /** Trains a 784-64-d VAE on mnist-mini for one epoch. */
    static Path train(Path runDir, int latentDim) {
        return trainOnMnistMini(runDir, "--hidden", "64", "--latent-dim", Integer.toString(latentDim), "--epochs", "1");
    }

    /**
     * The network flags of a tiny PixelVAE: one 8-channel stage without residual blocks, a 2-dimensional code.
     *
     * @param pixelLayers gated PixelCNN layers
     * @param pixelChannels their channels
     */
    static List<String> tinyPixelVae(int pixelLayers, int pixelChannels) {
        return List.of(
                "--model",
                "pixel-vae",
                "--hidden",
                "8",
                "--latent-dim",
                "2",
                "--residual-blocks",
                "0",
                "--pixel-layers",
                Integer.toString(pixelLayers),
                "--pixel-channels",
                Integer.toString(pixelChannels));
    }

    /** One epoch of mnist-mini on a tiny PixelVAE: one 8-channel stage, one PixelCNN layer of 4 channels. */
    static Path trainPixelVae(Path runDir) {
        List<String> args = new ArrayList<>(tinyPixelVae(1, 4));
        args.addAll(List.of("--batch-size", "500", "--epochs", "1"));
        return trainOnMnistMini(runDir, args.toArray(String[]::new));
    }

    /** Trains a 784-64-d plain autoencoder ({@code --model dense-ae}) on mnist-mini. */
    static Path trainAutoencoder(Path runDir, int latentDim, int epochs) {
        return trainOnMnistMini(
                runDir,
                "--model",
                "dense-ae",
                "--hidden",
                "64",
                "--latent-dim",
                Integer.toString(latentDim),
                "--epochs",
                Integer.toString(epochs));
    }

    /** {@code train --dataset mnist-mini --quiet --out runDir} with the given flags; returns the run folder. */
    private static Path trainOnMnistMini(Path runDir, String... flags) {
        List<String> args = new ArrayList<>(List.of("train", "--dataset", "mnist-mini", "--quiet", "--out"));
        args.add(runDir.toString());
        args.addAll(List.of(flags));
        Cli.ok(args.toArray(String[]::new));
        return runDir;
    }

    /**
     * Runs the commands that decode codes into pictures: decode (of a codes file), reconstruct and interpolate (test
     * rows 0 to 1), each of which must succeed and write a PNG into a folder.
     *
     * @param run the run folder
     * @param codes a codes file as encode writes it
     * @param dir where the pictures go: {@code decoded.png}, {@code reconstructed.png}, {@code interpolated.png}
     * @param n the test rows reconstruct draws
     * @param interpolateFlags more flags of interpolate, e.g. {@code --steps 3}
     */
    static void decodeReconstructInterpolate(Path run, Path codes, Path dir, int n, String... interpolateFlags) {
        Path decoded = dir.resolve("decoded.png");
        Path reconstructed = dir.resolve("reconstructed.png");
        Path interpolated = dir.resolve("interpolated.png");
        Cli.ok("decode", run.toString(), "-i", codes.toString(), "-o", decoded.toString());
        Cli.ok("reconstruct", run.toString(), "--n", Integer.toString(n), "-o", reconstructed.toString());
        List<String> interpolate = new ArrayList<>(
                List.of("interpolate", run.toString(), "--from", "0", "--to", "1", "-o", interpolated.toString()));
        interpolate.addAll(List.of(interpolateFlags));
        Cli.ok(interpolate.toArray(String[]::new));
        for (Path png : List.of(decoded, reconstructed, interpolated)) {
            assertThat(png(png).getWidth()).as("%s", png.getFileName()).isPositive();
        }
    }

    static BufferedImage png(Path file) {
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            assertThat(img).as("%s is a PNG", file).isNotNull();
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The grey value at (x, y), checking that red, green and blue agree. */
    static int grey(BufferedImage img, int x, int y) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        assertThat(rgb >> 16).as("grey at (%d, %d)", x, y).isEqualTo(rgb & 0xff);
        assertThat((rgb >> 8) & 0xff).isEqualTo(rgb & 0xff);
        return rgb & 0xff;
    }

    /** @return whether some value is strictly between black and white, as decoded means are */
    static boolean hasGrey(int[] values) {
        for (int v : values) {
            if (v > 0 && v < 255) {
                return true;
            }
        }
        return false;
    }

    /** The 28×28 grey values of the image in grid cell (column, row), drawn at {@code scale} in cells of {@code cell}. */
    static int[] cell(BufferedImage img, int column, int row, int cell, int scale) {
        int[] v = new int[28 * 28];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                v[y * 28 + x] = grey(img, 2 + column * cell + x * scale, 2 + row * cell + y * scale);
            }
        }
        return v;
    }
}
