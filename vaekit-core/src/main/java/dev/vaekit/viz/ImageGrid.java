package dev.vaekit.viz;

import dev.vaekit.util.AtomicFiles;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Draws images (values in [0, 1], row-major, channels first) as a grid in one PNG. */
public final class ImageGrid {
    private static final int GAP = 2;

    private ImageGrid() {}

    /**
     * @param images n images of {@code channels × height × width} values, concatenated
     * @param channels 1 (grey) or 3 (RGB)
     * @param height image height
     * @param width image width
     * @param columns images per row
     * @param scale pixels per image pixel (nearest neighbour)
     * @param file PNG to write (atomically)
     */
    public static void write(float[] images, int channels, int height, int width, int columns, int scale, Path file) {
        BufferedImage picture = render(images, channels, height, width, columns, scale);
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(picture, "png", out)) {
                throw new java.io.IOException("no PNG writer available");
            }
        });
    }

    /** Renders the grid without writing it. */
    public static BufferedImage render(float[] images, int channels, int height, int width, int columns, int scale) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("can draw 1 or 3 channels, got " + channels);
        }
        int per = channels * height * width;
        int n = images.length / per;
        int rows = Math.max(1, (n + columns - 1) / columns);
        int cols = Math.min(columns, Math.max(1, n));
        int cellW = width * scale + GAP;
        int cellH = height * scale + GAP;
        BufferedImage img = new BufferedImage(cols * cellW + GAP, rows * cellH + GAP, BufferedImage.TYPE_INT_RGB);
        int background = 0x404040;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, background);
            }
        }
        for (int i = 0; i < n; i++) {
            int ox = GAP + (i % cols) * cellW;
            int oy = GAP + (i / cols) * cellH;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int rgb;
                    if (channels == 1) {
                        int v = toByte(images[i * per + y * width + x]);
                        rgb = (v << 16) | (v << 8) | v;
                    } else {
                        int plane = height * width;
                        int r = toByte(images[i * per + y * width + x]);
                        int g = toByte(images[i * per + plane + y * width + x]);
                        int b = toByte(images[i * per + 2 * plane + y * width + x]);
                        rgb = (r << 16) | (g << 8) | b;
                    }
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            img.setRGB(ox + x * scale + dx, oy + y * scale + dy, rgb);
                        }
                    }
                }
            }
        }
        return img;
    }

    private static int toByte(float v) {
        float c = Float.isNaN(v) ? 0 : Math.max(0f, Math.min(1f, v));
        return Math.round(c * 255);
    }
}
