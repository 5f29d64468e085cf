package dev.vaekit.engine;

import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The thread count of Intel MKL's matrix products inside libtorch, set apart from libtorch's own intra-op count.
 *
 * <p>libtorch's CPU build for x86-64 links MKL statically and exports its service functions. Setting libtorch's count
 * ({@code at::set_num_threads}) also sets MKL's count for the calling thread ({@code mkl_set_num_threads_local}); this
 * class sets MKL's alone afterwards, so that a matrix product can run on two threads while the element-wise kernels,
 * too short to pay for waking a sleeping OpenMP thread, stay on one.
 *
 * <p>The call goes through {@link NativeCalls}: it is {@linkplain #available() available} only on Java 22 or later
 * with native access enabled, and when the loaded libtorch exports the functions (builds without MKL do not).
 * Elsewhere MKL's count simply follows libtorch's.
 */
final class MklThreads {
    /** The C entry points ({@code mkl_set_num_threads_local} is a macro for the first in mkl_service.h). */
    private static final String SET = "MKL_Set_Num_Threads_Local";

    private static final String GET = "MKL_Get_Max_Threads";

    private static final String LIBRARY = "libtorch_cpu.so";

    private static volatile Handles handles;

    private MklThreads() {}

    /** The two downcalls, or null where they cannot be made. */
    private record Handles(MethodHandle set, MethodHandle get) {}

    /** @return whether MKL's count can be set apart from libtorch's in this process (the engine must be loaded) */
    static boolean available() {
        return handles() != null;
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
        try {
            int unused = (int) require().set().invoke(threads);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot set MKL's thread count", e);
        }
    }

    /**
     * @return MKL's thread count for the calling thread
     * @throws IllegalStateException where not {@linkplain #available() available}
     */
    static int onThisThread() {
        try {
            return (int) require().get().invoke();
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read MKL's thread count", e);
        }
    }

    private static Handles require() {
        Handles h = handles();
        if (h == null) {
            throw new IllegalStateException("MKL's thread count cannot be set in this process");
        }
        return h;
    }

    private static Handles handles() {
        Handles h = handles;
        if (h == null) {
            synchronized (MklThreads.class) {
                h = handles;
                if (h == null) {
                    h = lookUp().orElse(new Handles(null, null));
                    handles = h;
                }
            }
        }
        return h.set() == null ? null : h;
    }

    /** Links the two functions, or finds that it cannot; never prints, never throws. */
    private static Optional<Handles> lookUp() {
        if (Runtime.version().feature() < 22) {
            return Optional.empty();
        }
        Engines.engine(); // libtorch must be loaded: it is looked up by name among the loaded libraries
        Optional<MethodHandle> set = NativeCalls.function(LIBRARY, SET, NativeCalls.Arg.INT);
        Optional<MethodHandle> get = NativeCalls.function(LIBRARY, GET);
        return set.isPresent() && get.isPresent() ? Optional.of(new Handles(set.get(), get.get())) : Optional.empty();
    }
}
