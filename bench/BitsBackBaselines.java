import dev.vaekit.compress.Baselines;
import dev.vaekit.io.Npy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The general-purpose baselines of bench/bits-back.sh on the very images BB-ANS coded (the NPY that
 * {@code vaekit decompress} wrote): PNG, one grey file per image (1-bit for binary images, 8-bit otherwise), and gzip
 * -9, bzip2 -9 and xz -6 of all images as they would be stored (binary values packed 8 to a byte, 8-bit values a byte
 * each), through {@link Baselines}. Prints one JSON object of sizes in bytes. Usage: java -cp CLASSPATH
 * bench/BitsBackBaselines.java IMAGES.npy LEVELS (2 or 256)
 */
public class BitsBackBaselines {
    public static void main(String[] args) {
        Npy.Array array = Npy.read(Path.of(args[0]));
        long[] shape = array.shape();
        int n = (int) shape[0];
        int height = (int) shape[1];
        int width = (int) shape[2];
        int d = height * width;
        int[] values = array.toInts();
        boolean binary = Integer.parseInt(args[1]) == 2;
        List<int[]> images = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int[] image = new int[d];
            System.arraycopy(values, i * d, image, 0, d);
            images.add(image);
        }
        byte[] stored;
        if (binary) {
            stored = Baselines.packBits(values);
        } else {
            stored = new byte[values.length];
            for (int i = 0; i < values.length; i++) {
                stored[i] = (byte) values[i];
            }
        }
        long t0 = System.nanoTime();
        long png = Baselines.png(images, width, height, binary ? 1 : 8);
        Baselines.Sizes sizes = Baselines.generalPurpose(stored);
        System.out.printf(
                "{\"images\": %d, \"features\": %d, \"binary\": %b, \"raw\": %d, \"png\": %d, \"gzip\": %d, "
                        + "\"bzip2\": %d, \"xz\": %d, \"seconds\": %.3f}%n",
                n, d, binary, sizes.raw(), png, sizes.gzip(), sizes.bzip2(), sizes.xz(), (System.nanoTime() - t0) / 1e9);
    }
}
