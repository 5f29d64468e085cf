package dev.vaekit.nn;

import ai.djl.ndarray.types.Shape;
import dev.vaekit.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How much memory a model's parameters may take, checked by {@link Parameters} before each tensor is allocated, so
 * that a network too large for the machine (a width of 2³¹ − 1, say) is refused in one line instead of asking the
 * engine for terabytes.
 *
 * <p>Two limits, both about what certainly cannot work, not about what would be slow:
 *
 * <ul>
 *   <li><b>One tensor</b> must fit in one Java array and in the JVM's heap: a checkpoint copies each tensor into a
 *       {@code byte[]} to write it (safetensors through DJL's {@code NDList.encode}).
 *   <li><b>All parameters</b>, counted {@value #TRAINING_COPIES} times (the weights, their gradients and Adam's two
 *       moment estimates, Kingma &amp; Ba 2015, Algorithm 1), must fit in the memory the machine has available when
 *       the model is built: the parameters live in the engine's native memory, outside the JVM's heap. (Activations
 *       come on top; a model that passes may still need more while it trains.)
 * </ul>
 *
 * @param tensorBytes the most bytes one tensor may take
 * @param totalBytes the most bytes {@value #TRAINING_COPIES} copies of all parameters may take
 */
public record ParameterMemory(long tensorBytes, long totalBytes) {

    /** Bytes of one float32 value. */
    public static final long FLOAT_BYTES = 4;

    /** Copies of each parameter while training: the weight, its gradient and Adam's first and second moments. */
    public static final int TRAINING_COPIES = 4;

    /** The largest Java array, in elements, that JVMs reliably allocate. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** Validates the limits. */
    public ParameterMemory {
        if (tensorBytes < 1 || totalBytes < 1) {
            throw new IllegalArgumentException(
                    "memory limits must be >= 1 byte, got " + tensorBytes + " and " + totalBytes);
        }
    }

    /**
     * @return the limits of this JVM and machine: a tensor at most the largest Java array and the JVM's maximum heap;
     *     all parameters at most the memory available now ({@link #availableMemory})
     */
    public static ParameterMemory ofThisMachine() {
        long heap = Runtime.getRuntime().maxMemory(); // Long.MAX_VALUE when the JVM has no limit
        return new ParameterMemory(Math.min(MAX_ARRAY, heap), availableMemory());
    }

    /**
     * @return the memory available now, in bytes: Linux's estimate {@code MemAvailable} (free memory plus what the page
     *     cache would give back), at most the machine's memory as the JVM sees it (a container's limit where there is
     *     one); where there is no {@code /proc/meminfo}, the free memory the JVM reports; {@link Long#MAX_VALUE} where
     *     neither can be told
     */
    static long availableMemory() {
        long total = Long.MAX_VALUE;
        long free = Long.MAX_VALUE;
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            total = sun.getTotalMemorySize() > 0 ? sun.getTotalMemorySize() : Long.MAX_VALUE;
            free = sun.getFreeMemorySize() > 0 ? sun.getFreeMemorySize() : Long.MAX_VALUE;
        }
        long available = memAvailable(Path.of("/proc/meminfo"));
        return Math.min(total, available > 0 ? available : free);
    }

    /**
     * @param meminfo a {@code /proc/meminfo} file
     * @return its {@code MemAvailable} in bytes, or -1 if the file or the line is missing or unreadable
     */
    static long memAvailable(Path meminfo) {
        try (Stream<String> lines = Files.lines(meminfo)) {
            return lines.filter(l -> l.startsWith("MemAvailable:"))
                    .map(l -> l.substring("MemAvailable:".length()).trim())
                    .filter(v -> v.endsWith(" kB"))
                    .mapToLong(
                            v -> Long.parseLong(v.substring(0, v.length() - 3).trim()) * 1024)
                    .findFirst()
                    .orElse(-1);
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            return -1;
        }
    }

    /**
     * @param shape a tensor's shape
     * @return its number of values, saturating at {@link Long#MAX_VALUE} (a shape of huge sizes overflows a long)
     */
    public static long values(Shape shape) {
        long n = 1;
        for (long d : shape.getShape()) {
            n = multiply(n, d);
        }
        return n;
    }

    /**
     * Checks one more tensor against the limits before it is allocated.
     *
     * @param name the parameter's name
     * @param shape its shape
     * @param valuesSoFar the values of the parameters already created
     * @return {@code valuesSoFar} plus the tensor's values
     * @throws TooLargeException if the tensor, or all parameters with it, would not fit
     */
    public long check(String name, Shape shape, long valuesSoFar) {
        long values = values(shape);
        long bytes = multiply(values, FLOAT_BYTES);
        if (bytes > tensorBytes) {
            throw new TooLargeException(
                    name,
                    shape,
                    false,
                    "parameter " + name + " would hold " + describe(shape) + " float32 values (" + bytes(bytes)
                            + "), more than one tensor may (" + bytes(tensorBytes) + ": a checkpoint copies each"
                            + " tensor into one Java array on the JVM's heap)");
        }
        long total = valuesSoFar + values; // both fit in a long: each is at most tensorBytes / 4 per tensor
        long training = multiply(total, FLOAT_BYTES * TRAINING_COPIES);
        if (training > totalBytes) {
            throw new TooLargeException(
                    name,
                    shape,
                    true,
                    "the parameters would reach " + total + " float32 values with " + name + " (" + describe(shape)
                            + "), " + bytes(training) + " to train (weights, gradients and Adam's two moments),"
                            + " more than the " + bytes(totalBytes) + " of memory available");
        }
        return total;
    }

    /** @return the shape as {@code 784x400} */
    static String describe(Shape shape) {
        return Arrays.stream(shape.getShape()).mapToObj(Long::toString).collect(Collectors.joining("x"));
    }

    /** @return a byte count for people: {@code 6.9 TB}, {@code 512 MB} (powers of 1000) */
    static String bytes(long bytes) {
        if (bytes == Long.MAX_VALUE) {
            return "more than 9.2 EB";
        }
        String[] units = {"bytes", "kB", "MB", "GB", "TB", "PB", "EB"};
        double v = bytes;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return u == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** @return {@code a · b} for sizes ≥ 0, or {@link Long#MAX_VALUE} where it would overflow */
    private static long multiply(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * A parameter that would not fit: bad input (a network size), so the command line answers it in one line with exit
     * code 2. The model builder adds the config field that sized it.
     */
    public static final class TooLargeException extends InvalidInputException {
        private static final long serialVersionUID = 1L;

        /** The parameter's name. */
        private final String parameter;

        /** Its shape's sizes. */
        private final long[] sizes;

        /** Whether all parameters together would not fit, rather than this one alone. */
        private final boolean allParameters;

        TooLargeException(String parameter, Shape shape, boolean allParameters, String message) {
            super(message);
            this.parameter = parameter;
            this.sizes = shape.getShape();
            this.allParameters = allParameters;
        }

        /**
         * @return true when the parameters together would not fit in the memory available (this one only crosses the
         *     limit), false when this parameter alone is too large
         */
        public boolean allParameters() {
            return allParameters;
        }

        /** @return the name of the parameter that would not fit */
        public String parameter() {
            return parameter;
        }

        /** @return the sizes of its shape */
        public long[] sizes() {
            return sizes.clone();
        }
    }
}
