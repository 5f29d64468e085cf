package dev.vaekit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * MKL's thread count set apart from libtorch's ({@link MklThreads}), through the loaded libtorch on x86-64 Linux, where
 * libtorch links MKL: it must work, per thread, be reset by libtorch's own count, and leave a product's numbers as
 * they were.
 */
class MklThreadsTest {

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
        assertThat(Threads.productsApart()).isTrue();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            assertThat(pool.submit(MklThreadsTest::onOneThread).get()).isEqualTo("set 1+2 reset 1 products agree true");
            assertThat(Threads.currentSetting()).isEqualTo(new Threads.Setting(2, 2)); // this thread: untouched
        } finally {
            pool.shutdownNow();
        }
    }
}
