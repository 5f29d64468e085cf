package dev.vaekit.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

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

    /** @return the PyTorch engine, started on first use */
    public static Engine engine() {
        return Engine.getEngine("PyTorch");
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
