package dev.vaekit.data.factors;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Compares the generated dSprites with the published images that can be had without the data set itself: the 320
 * frames of {@code dsprites.gif} in the dSprites repository, each a published 64 × 64 image. Skipped unless the system
 * property {@code dsprites.gif} names a copy of that file:
 *
 * <pre>mvn -pl vaekit-core test -Dtest=PublishedDspritesFramesTest -Ddsprites.gif=PATH</pre>
 *
 * The frames sweep one factor at a time with the others fixed (first the heart: scale up and down, a full turn, posY
 * down, posX right, posY up, posX left; then the ellipse and the square: scale and a full turn), which gives each
 * compared frame's factor classes; repeated frames at the turning points are left out. docs/dsprites.md reports the
 * numbers this prints.
 */
@EnabledIfSystemProperty(named = "dsprites.gif", matches = ".+")
class PublishedDspritesFramesTest {

    /** Frame index → factor classes (color, shape, scale, orientation, posX, posY). */
    static Map<Integer, int[]> labels() {
        Map<Integer, int[]> l = new LinkedHashMap<>();
        for (int k = 0; k < 6; k++) {
            l.put(k, new int[] {0, 2, k, 0, 0, 0});
        }
        for (int k = 1; k < 40; k++) {
            l.put(18 + k, new int[] {0, 2, 5, k, 0, 0});
        }
        for (int k = 1; k < 32; k++) {
            l.put(58 + k, new int[] {0, 2, 5, 0, 0, k});
            l.put(90 + k, new int[] {0, 2, 5, 0, k, 31});
            l.put(122 + k, new int[] {0, 2, 5, 0, 31, 31 - k});
            l.put(154 + k, new int[] {0, 2, 5, 0, 31 - k, 0});
        }
        for (int k = 0; k < 6; k++) {
            l.put(192 + k, new int[] {0, 1, k, 0, 0, 0});
            l.put(256 + k, new int[] {0, 0, k, 0, 0, 0});
        }
        for (int k = 1; k < 40; k++) {
            l.put(210 + k, new int[] {0, 1, 5, k, 0, 0});
            l.put(274 + k, new int[] {0, 0, 5, k, 0, 0});
        }
        return l;
    }

    static List<boolean[]> frames(Path gif) throws IOException {
        List<boolean[]> out = new ArrayList<>();
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            ImageReader reader = readers.next();
            reader.setInput(in);
            int n = reader.getNumImages(true);
            for (int i = 0; i < n; i++) {
                BufferedImage image = reader.read(i);
                boolean[] pixels = new boolean[64 * 64];
                for (int y = 0; y < 64; y++) {
                    for (int x = 0; x < 64; x++) {
                        pixels[y * 64 + x] = (image.getRGB(x, y) & 0xff) > 127;
                    }
                }
                out.add(pixels);
            }
        }
        return out;
    }

    @Test
    void generatedImagesMatchThePublishedFrames() throws IOException {
        List<boolean[]> frames = frames(Path.of(System.getProperty("dsprites.gif")));
        assertThat(frames).hasSize(320);
        Sprites dsprites = Sprites.dsprites();
        String[] shapes = {"square", "ellipse", "heart"};
        long[] differing = new long[3];
        long[] published = new long[3];
        int[] images = new int[3];
        int[] exact = new int[3];
        int[] worst = new int[3];
        for (Map.Entry<Integer, int[]> e : labels().entrySet()) {
            boolean[] frame = frames.get(e.getKey());
            float[] image = dsprites.render(e.getValue());
            int shape = e.getValue()[1];
            int diff = 0;
            for (int p = 0; p < frame.length; p++) {
                diff += frame[p] != (image[p] == 1f) ? 1 : 0;
                published[shape] += frame[p] ? 1 : 0;
            }
            differing[shape] += diff;
            images[shape]++;
            exact[shape] += diff == 0 ? 1 : 0;
            worst[shape] = Math.max(worst[shape], diff);
        }
        for (int s = 0; s < 3; s++) {
            System.out.printf(
                    "%-8s %3d frames: %3d identical, %.3f differing pixels per image (worst %d) of %.1f set%n",
                    shapes[s],
                    images[s],
                    exact[s],
                    differing[s] / (double) images[s],
                    worst[s],
                    published[s] / (double) images[s]);
            assertThat(differing[s] / (double) images[s]).as(shapes[s]).isLessThan(0.5);
        }
    }
}
