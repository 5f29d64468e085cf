package dev.vaekit.data.images;

import java.util.Locale;
import java.util.Set;

/** The image formats read, recognised by their content (their first bytes), never by the file name. */
public enum ImageFormat {
    /** PNG: signature {@code 89 50 4E 47 0D 0A 1A 0A}. */
    PNG("png"),
    /** JPEG (JFIF, Exif, Adobe): {@code FF D8 FF}. */
    JPEG("jpeg"),
    /** GIF 87a or 89a: {@code GIF87a} / {@code GIF89a}. */
    GIF("gif"),
    /** Windows or OS/2 bitmap: {@code BM} followed by a known header size. */
    BMP("bmp");

    /** The file-name extensions, lower case and without the dot, that mark a file as an image to read. */
    public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "jpe", "jfif", "bmp", "dib", "gif");

    /** How many leading bytes {@link #sniff(byte[], int)} looks at. */
    public static final int SNIFF_BYTES = 32;

    private final String readerName;

    ImageFormat(String readerName) {
        this.readerName = readerName;
    }

    /** @return the ImageIO format name of the readers of this format */
    String readerName() {
        return readerName;
    }

    /**
     * @param fileName a file name
     * @return whether its extension is one of {@link #EXTENSIONS} (case ignored)
     */
    public static boolean hasImageExtension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * @param head the file's first bytes
     * @param length how many of them are valid
     * @return the format, or {@code null} when the bytes are not the start of a PNG, JPEG, GIF or BMP file
     */
    public static ImageFormat sniff(byte[] head, int length) {
        if (startsWith(head, length, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return PNG;
        }
        if (startsWith(head, length, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        }
        if (startsWith(head, length, 'G', 'I', 'F', '8', '7', 'a')
                || startsWith(head, length, 'G', 'I', 'F', '8', '9', 'a')) {
            return GIF;
        }
        if (startsWith(head, length, 'B', 'M') && length >= 18) {
            // the DIB header size (little-endian at offset 14): OS/2 v1 (12), v2 (16 or 64), Windows v3 to v5
            int dib = (head[14] & 0xff) | (head[15] & 0xff) << 8 | (head[16] & 0xff) << 16 | (head[17] & 0xff) << 24;
            if (dib == 12
                    || dib == 16
                    || dib == 40
                    || dib == 52
                    || dib == 56
                    || dib == 64
                    || dib == 108
                    || dib == 124) {
                return BMP;
            }
        }
        return null;
    }

    /**
     * @param head the file's first bytes
     * @param length how many of them are valid
     * @return what the bytes look like, for the message refusing a file that is not a PNG, JPEG, GIF or BMP image
     */
    static String describeOther(byte[] head, int length) {
        if (startsWith(head, length, 'R', 'I', 'F', 'F')
                && length >= 12
                && head[8] == 'W'
                && head[9] == 'E'
                && head[10] == 'B'
                && head[11] == 'P') {
            return "a WebP image, which is not read; expected PNG, JPEG, GIF or BMP";
        }
        if (startsWith(head, length, 'I', 'I', 42, 0) || startsWith(head, length, 'M', 'M', 0, 42)) {
            return "a TIFF image, which is not read; expected PNG, JPEG, GIF or BMP";
        }
        if (length >= 12 && head[4] == 'f' && head[5] == 't' && head[6] == 'y' && head[7] == 'p') {
            return "an ISO media file (HEIC, AVIF or video), which is not read; expected PNG, JPEG, GIF or BMP";
        }
        if (startsWith(head, length, 0x00, 0x00, 0x00, 0x0C, 'j', 'P') || startsWith(head, length, 0xFF, 0x4F, 0xFF)) {
            return "a JPEG 2000 image, which is not read; expected PNG, JPEG, GIF or BMP";
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(4, length); i++) {
            hex.append(String.format(" 0x%02x", head[i] & 0xff));
        }
        return "not an image: expected a PNG, JPEG, GIF or BMP file, found content starting with" + hex;
    }

    private static boolean startsWith(byte[] head, int length, int... prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((head[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
