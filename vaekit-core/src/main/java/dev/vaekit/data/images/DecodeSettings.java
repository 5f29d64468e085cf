package dev.vaekit.data.images;

import dev.vaekit.InvalidInputException;

/**
 * How image files become pixels: the channels wanted, the square size they are resized to (or none), the background
 * that transparent pixels are composited over, and the largest image decoded.
 *
 * <p>The conversions, applied to every pixel in this order with values taken as fractions of their format's full
 * scale (a {@code b}-bit sample {@code v} is {@code v / (2^b - 1)}, a palette index is replaced by its palette
 * entry):
 *
 * <ol>
 *   <li><b>alpha</b>: a colour {@code c} with opacity {@code a} becomes {@code c * a + g * (1 - a)}, where {@code g} is
 *       {@link #background()}{@code / 255} (for premultiplied colour models {@code c + g * (1 - a)});
 *   <li><b>grey from colour</b> ({@code channels == 1} and a colour image): ITU-R BT.601 luma,
 *       {@code Y = 0.299 R + 0.587 G + 0.114 B}, on the stored (gamma-encoded) values, as PIL's {@code convert("L")}
 *       does; a grey image asked for 3 channels repeats its grey value in R, G and B;
 *   <li><b>to 8 bits</b>: {@code round(255 * x)}, halves rounded up, once; so a 16-bit sample {@code v} becomes
 *       {@code round(255 v / 65535)} and an 8-bit sample stays as it is.
 * </ol>
 *
 * <p>Colour profiles of RGB and grey images (PNG's {@code iCCP}, {@code gAMA}, JPEG's ICC segments) are not applied:
 * the stored samples are used as if they were sRGB. CMYK and YCCK JPEGs are converted to RGB by TwelveMonkeys (with
 * the embedded ICC profile when there is one). An Exif orientation tag is not applied: pixels are used in the order
 * they are stored, as PIL's {@code Image.open} and torchvision's decoders do by default. See {@link ImageResizer} for
 * the resizing.
 *
 * @param channels 1 (grey) or 3 (RGB)
 * @param imageSize the side {@code S} of the square every image is resized and centre-cropped to ({@link
 *     ImageResizer}), or 0 to keep each image's own size (then every image of a folder must have the same size)
 * @param background the grey level, 0 to 255, that transparent pixels are composited over
 * @param maxPixels the largest width × height decoded; an image whose header declares more is refused before its
 *     pixels are allocated (a decompression bomb such as a small PNG declaring 100000 × 100000 pixels)
 */
public record DecodeSettings(int channels, int imageSize, int background, long maxPixels) {

    /** The default background: black, so fully transparent pixels become 0 whatever colour they store. */
    public static final int DEFAULT_BACKGROUND = 0;

    /**
     * The default pixel limit: 50 million pixels, enough for a 48-megapixel (8000 × 6000) photograph. Decoding one
     * such image takes about 4 bytes a pixel (200 MB) of heap at its peak, 8 for 16-bit RGBA PNGs.
     */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

    /** The largest {@link #imageSize()}: 8192. */
    public static final int MAX_IMAGE_SIZE = 8192;

    /**
     * The largest {@link #maxPixels()} allowed: 2^28, so that one decoded 3-channel 8-bit image fits in a Java array
     * and in one memory mapping of the cache.
     */
    public static final long MAX_MAX_PIXELS = 1L << 28;

    /** Validates every field. */
    public DecodeSettings {
        if (channels != 1 && channels != 3) {
            throw new InvalidInputException("image channels: expected 1 (grey) or 3 (RGB), found " + channels);
        }
        if (imageSize < 0 || imageSize > MAX_IMAGE_SIZE) {
            throw new InvalidInputException("image size: expected 0 (keep each image's size) or 1 to " + MAX_IMAGE_SIZE
                    + " pixels, found " + imageSize);
        }
        if (background < 0 || background > 255) {
            throw new InvalidInputException("image background: expected a grey level 0 to 255, found " + background);
        }
        if (maxPixels < 1 || maxPixels > MAX_MAX_PIXELS) {
            throw new InvalidInputException(
                    "image max pixels: expected 1 to " + MAX_MAX_PIXELS + " pixels, found " + maxPixels);
        }
        if (imageSize > 0 && (long) imageSize * imageSize > maxPixels) {
            throw new InvalidInputException("image size: " + imageSize + "x" + imageSize + " is more than the limit of "
                    + maxPixels + " pixels; expected a smaller size or a larger limit");
        }
    }

    /**
     * @param channels 1 or 3
     * @param imageSize the square side, or 0 to keep the images' own size
     * @return settings with the default background and pixel limit
     */
    public static DecodeSettings of(int channels, int imageSize) {
        return new DecodeSettings(channels, imageSize, DEFAULT_BACKGROUND, DEFAULT_MAX_PIXELS);
    }

    /** @return whether images are resized to a square */
    public boolean resizes() {
        return imageSize > 0;
    }

    /**
     * @return a one-line description of everything that determines the decoded bytes, with the decoder's format
     *     version and the resize filter; part of the cache key
     */
    public String describe() {
        return "decoder v" + ImageDecoder.FORMAT_VERSION + ", channels " + channels + ", size "
                + (imageSize == 0 ? "native" : imageSize + "x" + imageSize + " (" + ImageResizer.FILTER + ")")
                + ", background " + background + ", max pixels " + maxPixels;
    }
}
