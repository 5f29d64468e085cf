package dev.vaekit.engine;

import com.sun.jna.Function;
import java.util.Optional;

/**
 * The thread count of Intel MKL's matrix products inside libtorch, set apart from libtorch's own intra-op count.
 *
 * <p>libtorch's CPU build for x86-64 links MKL statically and exports its service functions. Setting libtorch's count
 * ({@code at::set_num_threads}) also sets MKL's count for the calling thread ({@code mkl_set_num_threads_local}); this
 * class sets MKL's alone afterwards, so that a matrix product can run on two threads while the element-wise kernels,
 * too short to pay for waking a sleeping OpenMP thread, stay on one.
 *
 * <p>The calls go through {@link NativeCalls}; they are {@linkplain #available() available} where the loaded libtorch
 * exports the functions (builds without MKL do not). Elsewhere MKL's count simply follows libtorch's.
 */
final class MklThreads {
    /** The C entry points ({@code mkl_set_num_threads_local} is a macro for the first in mkl_service.h). */
    private static final String SET = "MKL_Set_Num_Threads_Local";

    private static final String GET = "MKL_Get_Max_Threads";

    private static final String LIBRARY = "libtorch_cpu.so";

    private static volatile Optional<Handles> handles;

    private MklThreads() {}

    /** The two functions. */
    private record Handles(Function set, Function get) {}

    /** @return whether MKL's count can be set apart from libtorch's in this process */
    static boolean available() {
        return handles().isPresent();
    }

    /**
     * Sets MKL's thread count for the calling thread until libtorch's count is next set on it.
     *
     * @param threads at least 1
     * @throws IllegalStateException where not {@linkplain #available() available}
     */
    static void setOnThisThread(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        require().set().invokeInt(new Object[] {threads});
    }

    /**
     * @return MKL's thread count for the calling thread
     * @throws IllegalStateException where not {@linkplain #available() available}
     */
    static int onThisThread() {
        return require().get().invokeInt(new Object[0]);
    }

    private static Handles require() {
        return handles().orElseThrow(() -> new IllegalStateException("MKL's thread count cannot be set here"));
    }

    private static Optional<Handles> handles() {
        Optional<Handles> h = handles;
        if (h == null) {
            Engines.engine(); // libtorch must be loaded: it is looked up by name among the loaded libraries
            Optional<Function> set = NativeCalls.function(LIBRARY, SET);
            Optional<Function> get = NativeCalls.function(LIBRARY, GET);
            h = set.isPresent() && get.isPresent() ? Optional.of(new Handles(set.get(), get.get())) : Optional.empty();
            handles = h;
        }
        return h;
    }
}
