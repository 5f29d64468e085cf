package dev.vaekit.compress.vae;

import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.jni.JniUtils;
import dev.vaekit.engine.Threads;

/**
 * One network evaluation of a coding model, made alike on the encoder's and the decoder's side: autograd off and
 * {@value VaeCodingModel#THREADS} libtorch intra-op thread on the calling thread, every tensor created inside freed at
 * the end, the thread's settings restored. Used as a try-with-resources block around one pass of one example.
 */
final class NetworkPass implements AutoCloseable {
    private static final Threads.Setting CODING = new Threads.Setting(VaeCodingModel.THREADS, VaeCodingModel.THREADS);

    private final boolean recording = JniUtils.isGradMode();
    private final Threads.Setting threads = Threads.currentSetting();
    private final NDScope scope = new NDScope();

    NetworkPass() {
        scope.suppressNotUsedWarning();
        JniUtils.setGradMode(false);
        if (!threads.equals(CODING)) {
            Threads.set(CODING);
        }
    }

    @Override
    public void close() {
        scope.close();
        if (!threads.equals(CODING)) {
            Threads.set(threads);
        }
        JniUtils.setGradMode(recording);
    }
}
