package dev.vaekit.cli;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.DataConfig;
import dev.vaekit.data.Dataset;
import dev.vaekit.data.Datasets;
import dev.vaekit.data.GreyImages;
import dev.vaekit.data.images.DecodeSettings;
import dev.vaekit.data.images.DecodedImage;
import dev.vaekit.data.images.ImageDecoder;
import dev.vaekit.latent.Interpolation;
import dev.vaekit.latent.LatentCodes;
import dev.vaekit.latent.LatentSpace;
import dev.vaekit.models.Autoencoder;
import dev.vaekit.viz.ImageGrid;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vaekit interpolate}: decoded images along a path between two encoded images. */
@Command(
        name = "interpolate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Encode two images (examples of the run's dataset, or PNG files) to their posterior means (a "
                + "plain autoencoder: to its codes), walk from one to the other (linearly or, with --spherical, along "
                + "the great circle), decode each step, and write one row: the first original, the decoded steps, the "
                + "second original.")
final class InterpolateCommand extends RunCommand {

    @Option(names = "--from", paramLabel = "I", description = "Start at example I of --split (0-based).")
    Integer from;

    @Option(names = "--to", paramLabel = "J", description = "End at example J of --split (0-based).")
    Integer to;

    @Option(names = "--split", paramLabel = "SPLIT", description = "test or train (default ${DEFAULT-VALUE}).")
    String split = "test";

    @Option(
            names = "--from-image",
            paramLabel = "PNG",
            description = "Start at an image file instead: for a model of grey MNIST-like data a PNG of its "
                    + "width×height (values /255); for a model of a folder of images, or of colour images, any image "
                    + "the folder could hold, decoded and resized as the run's images were.")
    Path fromImage;

    @Option(names = "--to-image", paramLabel = "PNG", description = "End at an image file instead (as --from-image).")
    Path toImage;

    @Option(
            names = "--steps",
            paramLabel = "N",
            description = "Decoded points, both ends included (default ${DEFAULT-VALUE}).")
    int steps = 10;

    @Option(names = "--spherical", description = "Spherical interpolation (slerp) instead of a straight line.")
    boolean spherical;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Look for datasets here first.")
    Path dataDir;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "PNG",
            description = "Output (default RUN/interpolation.png).")
    Path out;

    @Override
    public Integer call() {
        checkOneOf("--from", from, "--from-image", fromImage);
        checkOneOf("--to", to, "--to-image", toImage);
        if (steps < 2 || steps > 1000) {
            throw new InvalidInputException("--steps must be in [2, 1000], got " + steps);
        }
        for (Integer index : new Integer[] {from, to}) {
            if (index != null && index < 0) {
                throw new InvalidInputException("example indices must be >= 0, got " + index);
            }
        }
        Path target = out != null ? out : run.resolve("interpolation.png");
        try (LoadedRun loaded = load()) {
            Autoencoder model = loaded.model();
            List<Integer> shape = model.config().inputShape();
            int channels = shape.get(0);
            int height = shape.get(1);
            int width = shape.get(2);
            int d = model.config().inputDim();
            Dataset test = null;
            if (from != null || to != null) {
                int needed = Math.max(from == null ? 0 : from, to == null ? 0 : to) + 1;
                test = loaded.data(null, split, dataDir, needed).materialize("interpolate", Integer.MAX_VALUE);
                if (test.size() < needed) {
                    throw new InvalidInputException("example " + (needed - 1) + " does not exist: " + test.name()
                            + " has " + test.size() + " examples (0.." + (test.size() - 1) + ")");
                }
            }
            DataConfig data = loaded.checkpoint.config().data();
            float[] a = endpoint(from, fromImage, test, data, shape, d);
            float[] b = endpoint(to, toImage, test, data, shape, d);
            float[] both = new float[2 * d];
            System.arraycopy(a, 0, both, 0, d);
            System.arraycopy(b, 0, both, d, d);
            LatentCodes codes =
                    LatentSpace.encode(model, new Dataset("endpoints", both, null, channels, height, width), false, 0);
            float[] za = codes.row(0);
            float[] zb = codes.row(1);
            float[] decoded = LatentSpace.decodeMeans(model, Interpolation.path(za, zb, steps, spherical));
            float[] strip = new float[(steps + 2) * d];
            System.arraycopy(a, 0, strip, 0, d);
            System.arraycopy(decoded, 0, strip, d, steps * d);
            System.arraycopy(b, 0, strip, (steps + 1) * d, d);
            ImageGrid.write(strip, channels, height, width, steps + 2, 2, target);
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "wrote %s: %d %s steps between codes %.1f° apart, originals at both ends%n",
                            target,
                            steps,
                            spherical ? "spherical" : "linear",
                            Math.toDegrees(Interpolation.angle(za, zb)));
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    private static void checkOneOf(String indexOption, Integer index, String imageOption, Path image) {
        if ((index == null) == (image == null)) {
            throw new InvalidInputException(
                    "give exactly one of " + indexOption + " INDEX and " + imageOption + " PNG");
        }
    }

    private static float[] endpoint(
            Integer index, Path image, Dataset test, DataConfig data, List<Integer> shape, int d) {
        if (index != null) {
            float[] x = new float[d];
            System.arraycopy(test.features(), index * d, x, 0, d);
            return x;
        }
        boolean folder = data.dataset().trim().startsWith(Datasets.FOLDER_PREFIX);
        if (shape.get(0) == 1 && !folder) {
            return GreyImages.read(image, shape.get(1), shape.get(2));
        }
        // as the run's images were read: channels converted, resized to the run's size if it set one
        DecodedImage decoded =
                new ImageDecoder(DecodeSettings.of(shape.get(0), folder ? data.imageSize() : 0)).decode(image);
        if (decoded.height() != shape.get(1) || decoded.width() != shape.get(2)) {
            throw new InvalidInputException(image + ": image is " + decoded.width() + "×" + decoded.height()
                    + " (width×height), the model takes " + shape.get(2) + "×" + shape.get(1));
        }
        float[] x = new float[d];
        byte[] pixels = decoded.pixels();
        for (int i = 0; i < d; i++) {
            x[i] = (pixels[i] & 0xff) / 255f;
        }
        return x;
    }
}
