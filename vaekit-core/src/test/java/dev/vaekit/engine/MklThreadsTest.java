package dev.vaekit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * MKL's thread count set apart from libtorch's ({@link MklThreads}), through the loaded libtorch on x86-64 Linux, where
 * libtorch links MKL: it must work on Java 22 or later with native access enabled (as the launcher and the test
 * configuration run it), per thread, reset by libtorch's own count, and without changing a product's numbers. The
 * suite's JVM may be older, so the checks run in a child JVM of the newest JDK installed beside it when needed.
 */
class MklThreadsTest {

    /** Run in the child JVM (or called in this one): prints what it found, one line per check. */
    public static void main(String[] args) throws Exception {
        System.out.println("available " + Threads.productsApart());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            System.out.println(pool.submit(MklThreadsTest::onOneThread).get());
            System.out.println("main thread " + Threads.currentSetting()); // untouched by the other thread
        } finally {
            pool.shutdownNow();
        }
    }

    /** Sets 1 + 2, reads it back, resets it through libtorch's count, and compares a product at both settings. */
    private static String onOneThread() {
        Threads.set(new Threads.Setting(1, 2));
        Threads.Setting apart = Threads.currentSetting();
        Threads.set(1);
        Threads.Setting reset = Threads.currentSetting();
        try (NDManager m = Engines.newManager()) {
            NDArray a = m.arange(0f, 200f * 300f).reshape(new Shape(200, 300)).div(1e4f);
            Threads.set(new Threads.Setting(1, 2));
            float two = a.matMul(a.transpose()).sum().getFloat();
            Threads.set(1);
            float one = a.matMul(a.transpose()).sum().getFloat();
            return "set " + apart + " reset " + reset + " products agree " + (Math.abs(two - one) <= 1e-5 * one);
        }
    }

    @Test
    void productsTakeTheirOwnCountOnTheCallingThreadOnly() throws Exception {
        assumeTrue(
                System.getProperty("os.arch").equals("amd64")
                        && System.getProperty("os.name").equals("Linux"),
                "libtorch links MKL on x86-64 Linux");
        String output;
        if (Runtime.version().feature() >= 22) {
            var buffer = new java.io.ByteArrayOutputStream();
            var saved = System.out;
            System.setOut(new java.io.PrintStream(buffer, true, StandardCharsets.UTF_8));
            try {
                main(new String[0]);
            } finally {
                System.setOut(saved);
            }
            output = buffer.toString(StandardCharsets.UTF_8);
        } else {
            Optional<Path> java = newerJava();
            assumeTrue(java.isPresent(), "no Java 22 or later installed beside " + System.getProperty("java.home"));
            output = inChild(java.get());
        }
        assertThat(output)
                .contains("available true", "set 1+2 reset 1 products agree true", "main thread 2")
                .doesNotContain("WARNING");
    }

    private static String inChild(Path java) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        java.toString(),
                        "-Xmx256m",
                        "--enable-native-access=ALL-UNNAMED",
                        "-Dai.djl.pytorch.num_threads=2",
                        "-cp",
                        System.getProperty("java.class.path"),
                        MklThreadsTest.class.getName()))
                .redirectErrorStream(true);
        builder.environment().put("DJL_OFFLINE", "true");
        Process child = builder.start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(600, TimeUnit.SECONDS)).as("a hang guard").isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        return output;
    }

    /** @return the java of the newest JDK of version 22 or later beside this one (Debian's /usr/lib/jvm), if any */
    private static Optional<Path> newerJava() throws IOException {
        Path jvms = Path.of(System.getProperty("java.home")).getParent();
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(h -> Files.isExecutable(h.resolve("bin/java")))
                    .filter(h -> feature(h) >= 22)
                    .max(Comparator.comparingInt(MklThreadsTest::feature))
                    .map(h -> h.resolve("bin/java"));
        }
    }

    /** The feature version in a JDK's {@code release} file, 0 where there is none. */
    private static int feature(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=\"")) {
                    String v = line.substring("JAVA_VERSION=\"".length());
                    return Integer.parseInt(v.split("[.\"]")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
