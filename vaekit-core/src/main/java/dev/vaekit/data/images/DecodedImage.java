package dev.vaekit.data.images;

import java.util.List;

/**
 * One decoded image: 8-bit samples, channels first ({@code pixels[(c * height + y) * width + x]}).
 *
 * @param format the file's format, found from its content
 * @param sourceWidth the width the file declares (of the first frame for a GIF)
 * @param sourceHeight the height the file declares
 * @param channels 1 or 3, as asked for
 * @param height the height of {@link #pixels()} (the square size when resized)
 * @param width the width of {@link #pixels()}
 * @param pixels {@code channels × height × width} samples, read with {@code b & 0xff}
 * @param notes what was done that the user may want to know (the first frame of an animated GIF was used, a CMYK
 *     JPEG without a colour profile was converted without colour management), each one line; empty for most images
 */
public record DecodedImage(
        ImageFormat format,
        int sourceWidth,
        int sourceHeight,
        int channels,
        int height,
        int width,
        byte[] pixels,
        List<String> notes) {

    /** Checks the shape and copies the notes. */
    public DecodedImage {
        if ((long) channels * height * width != pixels.length) {
            throw new IllegalArgumentException(
                    pixels.length + " samples for " + channels + "x" + height + "x" + width + " pixels");
        }
        notes = List.copyOf(notes);
    }

    /**
     * @param c the channel
     * @param y the row
     * @param x the column
     * @return the sample, 0 to 255
     */
    public int sample(int c, int y, int x) {
        return pixels[(c * height + y) * width + x] & 0xff;
    }
}
