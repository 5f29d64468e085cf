package dev.vaekit.compress.vae;

import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.jni.JniUtils;

/**
 * One network evaluation of a coding model, made alike on the encoder's and the decoder's side: autograd off and
 * {@value VaeCodingModel#THREADS} libtorch intra-op thread on the calling thread, every tensor created inside freed at
 * the end, the thread's settings restored. Used as a try-with-resources block around one pass of one example.
 */
final class NetworkPass implements AutoCloseable {
    private final boolean recording = JniUtils.isGradMode();
    private final int threads = JniUtils.getNumThreads();
    private final NDScope scope = new NDScope();

    NetworkPass() {
        scope.suppressNotUsedWarning();
        JniUtils.setGradMode(false);
        if (threads != VaeCodingModel.THREADS) {
            JniUtils.setNumThreads(VaeCodingModel.THREADS);
        }
    }

    @Override
    public void close() {
        scope.close();
        if (threads != VaeCodingModel.THREADS) {
            JniUtils.setNumThreads(threads);
        }
        JniUtils.setGradMode(recording);
    }
}
