package dev.vaekit.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
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

    /**
     * Turns autograd recording off for the calling thread. libtorch's grad mode is per thread: off on the thread
     * that loaded the engine, on in every other one (see shared/docs/djl-notes.md).
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
