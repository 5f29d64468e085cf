package dev.vaekit.engine;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Calls into C functions of libraries already in the process (libtorch's MKL, the C library) through the Foreign
 * Function &amp; Memory API, final since Java 22 and reached by reflection because vaekit is compiled for Java 17.
 *
 * <p>Nothing here is available on Java 17 to 21, or when native access is not enabled for vaekit's module (the launcher
 * and the test configuration pass {@code --enable-native-access=ALL-UNNAMED}); callers then do without. Arguments
 * are {@code int}s and, last, at most one pointer to a zeroed block of memory; results are {@code int}s.
 */
final class NativeCalls {
    private NativeCalls() {}

    /** The kinds of argument a function may take. */
    enum Arg {
        INT,
        /** A pointer to zeroed memory of {@link #POINTER_BYTES} bytes, allocated once for the process. */
        POINTER
    }

    /** The size of the memory a {@link Arg#POINTER} argument points to. */
    static final long POINTER_BYTES = 64;

    /**
     * Links a function returning {@code int}.
     *
     * @param library the library's name as the dynamic linker knows it ({@code libtorch_cpu.so}: the copy already
     *     loaded), or null for the C library
     * @param symbol the function's name
     * @param args its arguments
     * @return a handle taking {@code int}s (a pointer argument is bound to zeroed memory and left out), or empty where
     *     the function or the API cannot be reached; never prints, never throws
     */
    static Optional<MethodHandle> function(String library, String symbol, Arg... args) {
        if (Runtime.version().feature() < 22) {
            return Optional.empty();
        }
        try {
            if (!(boolean) Module.class.getMethod("isNativeAccessEnabled").invoke(NativeCalls.class.getModule())) {
                return Optional.empty();
            }
            Class<?> linkerType = type("Linker");
            Class<?> lookupType = type("SymbolLookup");
            Class<?> arenaType = type("Arena");
            Class<?> layoutType = type("MemoryLayout");
            Class<?> optionType = type("Linker$Option");
            Object linker = linkerType.getMethod("nativeLinker").invoke(null);
            Object global = arenaType.getMethod("global").invoke(null);
            Object lookup = library == null
                    ? linkerType.getMethod("defaultLookup").invoke(linker)
                    : lookupType
                            .getMethod("libraryLookup", String.class, arenaType)
                            .invoke(null, library, global);
            Optional<?> address =
                    (Optional<?>) lookupType.getMethod("find", String.class).invoke(lookup, symbol);
            if (address.isEmpty()) {
                return Optional.empty();
            }
            Class<?> valueLayout = type("ValueLayout");
            Object[] layouts = new Object[args.length];
            for (int i = 0; i < args.length; i++) {
                layouts[i] = valueLayout
                        .getField(args[i] == Arg.INT ? "JAVA_INT" : "ADDRESS")
                        .get(null);
            }
            Object descriptor = type("FunctionDescriptor")
                    .getMethod("of", layoutType, layoutType.arrayType())
                    .invoke(null, valueLayout.getField("JAVA_INT").get(null), array(layoutType, layouts));
            Method downcall = linkerType.getMethod(
                    "downcallHandle", type("MemorySegment"), type("FunctionDescriptor"), optionType.arrayType());
            MethodHandle handle =
                    (MethodHandle) downcall.invoke(linker, address.get(), descriptor, Array.newInstance(optionType, 0));
            for (int i = args.length - 1; i >= 0; i--) {
                if (args[i] == Arg.POINTER) {
                    Object memory = arenaType.getMethod("allocate", long.class).invoke(global, POINTER_BYTES);
                    handle = java.lang.invoke.MethodHandles.insertArguments(handle, i, memory);
                }
            }
            return Optional.of(handle);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return Optional.empty(); // no such library or function loaded, or an API that changed
        }
    }

    private static Class<?> type(String name) throws ClassNotFoundException {
        return Class.forName("java.lang.foreign." + name);
    }

    private static Object array(Class<?> type, Object[] values) {
        Object array = Array.newInstance(type, values.length);
        for (int i = 0; i < values.length; i++) {
            Array.set(array, i, values[i]);
        }
        return array;
    }
}
