package dev.vaekit.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts the PyTorch engine the way vaekit needs it: offline (natives come from the classpath, never the network),
 * with one global random generator that {@link #seed(long)} makes reproducible.
 */
public final class Engines {
    private Engines() {}

    static {
        // DJL reads these when the engine class loads; set them unless the user did.
        if (System.getenv("DJL_OFFLINE") == null && System.getProperty("offline") == null) {
            System.setProperty("offline", "true");
        }
    }

    private static final AtomicBoolean PRELOADING = new AtomicBoolean();

    /**
     * Starts loading libtorch's native libraries on a background thread, for a caller that will need the engine soon
     * and has other work to do first (the command line parses its options and reads configs meanwhile). Loading the
     * libraries (about 0.3 s of one core, mostly their static initialisers) is all this thread does: the engine itself
     * is still created by the first {@link #engine()} call, on the caller's thread, with everything that is
     * per-thread in libtorch (grad mode, the intra-op thread count) set there as before. DJL's loader is synchronized,
     * so that call waits for a load in progress and then finds the libraries loaded. A failure here is ignored: the
     * engine's own start repeats the load and reports it. Calls after the first do nothing.
     */
    public static void preloadNativeLibraries() {
        if (!PRELOADING.compareAndSet(false, true)) {
            return;
        }
        Thread loader = new Thread(
                () -> {
                    try {
                        LibUtils.loadLibrary();
                    } catch (RuntimeException | LinkageError e) {
                        // reported by the engine's start, which loads again
                    }
                },
                "vaekit-native-preload");
        loader.setDaemon(true);
        loader.start();
    }

    /** CPU time counters when this class loaded: the start of the window in which the free cores are estimated. */
    private static final Threads.CpuSample LOADED = Threads.CpuSample.now();

    private static final AtomicBoolean THREADS_SET = new AtomicBoolean();

    /**
     * @return the PyTorch engine, started on first use; unless the user fixed the thread count ({@link Threads}), the
     *     first call sets it to the cores the rest of the machine left free since this class loaded
     */
    public static Engine engine() {
        Engine engine = Engine.getEngine("PyTorch");
        if (!THREADS_SET.get() && THREADS_SET.compareAndSet(false, true) && !Threads.fixedByUser()) {
            JniUtils.setNumThreads(Threads.freeCores(LOADED, Threads.CpuSample.now(), Threads.cores()));
        }
        return engine;
    }

    /** @return a new root manager on the CPU; close it to free every tensor it owns */
    public static NDManager newManager() {
        return engine().newBaseManager();
    }

    /**
     * Seeds libtorch's global generator (used for every random tensor vaekit draws). Two JVMs seeded alike draw the
     * same numbers.
     *
     * @param seed any long; folded to the 32 bits DJL accepts
     */
    public static void seed(long seed) {
        engine().setRandomSeed((int) (seed ^ (seed >>> 32)));
    }

    private static final Object SEEDED_DRAWS = new Object();

    /**
     * Draws standard normal values from libtorch's generator freshly seeded with {@code seed}. libtorch has one CPU
     * generator per process, so the seeding and the draw happen under a lock: two threads drawing this way (Spark
     * tasks in one executor) cannot interleave and swap each other's draws.
     *
     * @param manager owner of the result
     * @param shape its shape
     * @param seed seed of this draw alone
     * @return the draws
     */
    public static NDArray seededNormal(NDManager manager, Shape shape, long seed) {
        synchronized (SEEDED_DRAWS) {
            seed(seed);
            return manager.randomNormal(shape);
        }
    }

    /**
     * Turns autograd recording off for the calling thread. libtorch's grad mode is per thread: off on the thread
     * that loaded the engine, on in every other one (DJL 0.35.1 with libtorch 2.7.1), so worker threads call this.
     */
    public static void disableGradOnThisThread() {
        engine();
        JniUtils.setGradMode(false);
    }

    /** @return the libtorch version of the loaded engine */
    public static String pytorchVersion() {
        return engine().getVersion();
    }

    /** @return DJL's version */
    public static String djlVersion() {
        return Engine.getDjlVersion();
    }
}
