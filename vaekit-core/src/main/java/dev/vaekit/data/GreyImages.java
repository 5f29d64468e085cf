package dev.vaekit.data;

import dev.vaekit.InvalidInputException;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads a single image file (PNG, or any format {@link ImageIO} reads) as one example of grey values in [0, 1].
 *
 * <p>Grey images give their sample divided by its maximum (255 for 8 bits, 65535 for 16). Colour images give the mean
 * of red, green and blue divided by 255; alpha is ignored.
 */
public final class GreyImages {
    private GreyImages() {}

    /**
     * @param file the image
     * @param height the height it must have
     * @param width the width it must have
     * @return height × width values in [0, 1], row-major
     * @throws InvalidInputException if the file is missing, not an image, or of another size
     */
    public static float[] read(Path file, int height, int width) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": no such file");
        }
        BufferedImage img;
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new InvalidInputException(file + ": not an image (expected a PNG)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                // the size comes from the header: a file claiming a huge image is refused before any pixel is decoded
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w != width || h != height) {
                    throw new InvalidInputException(file + ": image is " + w + "×" + h
                            + " (width×height), the model takes " + width + "×" + height);
                }
                img = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException invalid) {
                throw invalid;
            }
            throw new InvalidInputException(file + ": cannot read as an image: " + e.getMessage(), e);
        }
        float[] out = new float[height * width];
        Raster raster = img.getRaster();
        boolean grey = raster.getNumBands() == 1 && img.getColorModel().getNumComponents() == 1;
        double max = grey ? (1 << img.getColorModel().getComponentSize(0)) - 1 : 255;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v;
                if (grey) {
                    v = raster.getSample(x, y, 0);
                } else {
                    int rgb = img.getRGB(x, y);
                    v = (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff)) / 3.0;
                }
                out[y * width + x] = (float) (v / max);
            }
        }
        return out;
    }
}
