package dev.vaekit.engine;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.util.Optional;

/**
 * C functions of libraries already in the process (libtorch's MKL, the C library), called through JNA, which DJL
 * brings and loads itself. A function that cannot be found is simply absent: callers then do without.
 */
final class NativeCalls {
    private NativeCalls() {}

    /**
     * @param library the library's name as the dynamic linker knows it ({@code libtorch_cpu.so}: the copy already
     *     loaded, matched by its soname), or {@code c} for the C library
     * @param symbol the function's name
     * @return the function, or empty where the library or the function cannot be reached; never throws
     */
    static Optional<Function> function(String library, String symbol) {
        try {
            return Optional.of(NativeLibrary.getInstance(library).getFunction(symbol));
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return Optional.empty(); // not loaded, not exported, or no JNA for this platform
        }
    }
}
