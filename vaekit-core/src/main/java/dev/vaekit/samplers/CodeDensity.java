package dev.vaekit.samplers;

import java.nio.file.Path;
import java.util.Map;

/** A density fitted to codes, as a {@link LatentSampler} holds it: it draws codes, scores them and saves itself. */
interface CodeDensity extends AutoCloseable {

    /**
     * Draws codes; the same seed gives the same codes.
     *
     * @param n how many
     * @param temperature T &gt; 0, scaling the density's own noise (T = 1 draws the density itself)
     * @param seed seed of the draws
     * @return n × d codes, row-major
     */
    float[] draw(int n, double temperature, long seed);

    /**
     * @param codes n × d codes, row-major
     * @return log p(z) of each, in nats
     */
    double[] logDensity(float[] codes);

    /** @return how {@link #logDensity} is computed: {@code exact}, or the importance sampler's description */
    String estimator();

    /** @return the fitted density in words */
    String describe();

    /** @return the number of mixture components, for a mixture; 0 otherwise */
    default int components() {
        return 0;
    }

    /** @return the standardisation of the codes the density sees, or null when it sees them as they are */
    default dev.vaekit.baselines.FeatureMoments scaling() {
        return null;
    }

    /**
     * Writes the density's files into a folder.
     *
     * @param folder an existing, empty folder
     * @return the files whose hashes vouch for what was written: relative name → SHA-256
     */
    Map<String, String> save(Path folder);

    /** Frees the density's tensors. */
    @Override
    void close();
}
