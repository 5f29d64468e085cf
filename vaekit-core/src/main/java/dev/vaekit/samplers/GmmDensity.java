package dev.vaekit.samplers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.InvalidInputException;
import dev.vaekit.baselines.GaussianMixtureModel;
import dev.vaekit.engine.Engines;
import dev.vaekit.util.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A Gaussian mixture with full covariances on the codes ({@link GaussianMixtureModel}), its K given or chosen by the
 * Bayesian information criterion. Its parameters are saved in double precision, so a loaded mixture draws exactly what
 * the fitted one drew.
 */
final class GmmDensity implements CodeDensity {
    /** The parameters' file: tensors {@code weights} (K), {@code means} (K, d), {@code covariances} (K, d, d), f64. */
    static final String FILE = "gmm.safetensors";

    private final GaussianMixtureModel gmm;
    private final String description;

    private GmmDensity(GaussianMixtureModel gmm, String description) {
        this.gmm = gmm;
        this.description = description;
    }

    /**
     * Fits by EM (3 k-means++ restarts, at most 200 iterations, 10⁻⁶ added to each covariance's diagonal).
     *
     * @param codes n × d codes
     * @param dim d
     * @param config K, or the candidates of BIC, and the seed
     * @return the fit
     * @throws InvalidInputException if there are fewer codes than components
     */
    static GmmDensity fit(float[] codes, int dim, SamplerConfig config) {
        int n = codes.length / dim;
        GaussianMixtureModel.Options options = new GaussianMixtureModel.Options(
                1, GaussianMixtureModel.Covariance.FULL, 3, 200, 1e-4, 1e-6, config.seed());
        if (config.components() > 0) {
            if (config.components() > n) {
                throw new InvalidInputException("a GMM of " + config.components() + " components needs at least as "
                        + "many codes to fit, got " + n);
            }
            GaussianMixtureModel gmm =
                    GaussianMixtureModel.fit(codes, dim, options.withComponents(config.components()));
            return new GmmDensity(gmm, "GMM, full covariances, K = " + gmm.components());
        }
        int[] candidates = config.componentGrid().stream()
                .mapToInt(Integer::intValue)
                .filter(k -> k <= n)
                .distinct()
                .toArray();
        if (candidates.length == 0) {
            throw new InvalidInputException(
                    "every number of components in " + config.componentGrid() + " exceeds the " + n + " codes to fit");
        }
        GaussianMixtureModel gmm = GaussianMixtureModel.selectByBic(codes, dim, candidates, options);
        return new GmmDensity(
                gmm,
                "GMM, full covariances, K = " + gmm.components() + " (BIC among "
                        + Arrays.stream(candidates).mapToObj(Integer::toString).collect(Collectors.joining(", "))
                        + ")");
    }

    /**
     * Reads a mixture saved by {@link #save}, whose file the caller has checked against its hash.
     *
     * @param folder the sampler folder
     * @param spec its description
     * @return the mixture
     * @throws InvalidInputException if the file does not hold a valid mixture of the spec's size
     */
    static GmmDensity load(Path folder, SamplerSpec spec) {
        Path file = folder.resolve(FILE);
        int k = spec.components();
        int d = spec.dim();
        long expected = 8L * k * (1 + d + (long) d * d);
        try (NDManager manager = Engines.newManager()) {
            if (Files.size(file) > expected + (1 << 16)) {
                throw new InvalidInputException(file + ": " + Files.size(file) + " bytes; a mixture of " + k
                        + " components of dimension " + d + " takes about " + expected);
            }
            NDList tensors;
            try (InputStream in = Files.newInputStream(file)) {
                tensors = NDList.decode(manager, in);
            } catch (RuntimeException e) {
                throw new InvalidInputException(file + ": not a readable safetensors file: " + e.getMessage(), e);
            }
            double[] weights = tensor(tensors, "weights", new Shape(k), file);
            double[] means = tensor(tensors, "means", new Shape(k, d), file);
            double[] covariances = tensor(tensors, "covariances", new Shape(k, d, d), file);
            double[][] mu = new double[k][];
            double[][][] sigma = new double[k][d][];
            for (int c = 0; c < k; c++) {
                mu[c] = Arrays.copyOfRange(means, c * d, (c + 1) * d);
                for (int a = 0; a < d; a++) {
                    sigma[c][a] = Arrays.copyOfRange(covariances, (c * d + a) * d, (c * d + a + 1) * d);
                }
            }
            return new GmmDensity(GaussianMixtureModel.of(weights, mu, sigma), spec.description());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new InvalidInputException(file + ": not a valid Gaussian mixture: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static double[] tensor(NDList tensors, String name, Shape shape, Path file) {
        NDArray array = tensors.get(name);
        if (array == null || !array.getShape().equals(shape) || array.getDataType() != DataType.FLOAT64) {
            throw new InvalidInputException(file + ": expected a float64 tensor '" + name + "' of shape " + shape
                    + ", found " + (array == null ? "none" : array.getDataType() + " " + array.getShape()));
        }
        return array.toDoubleArray();
    }

    /** @return the fitted mixture */
    GaussianMixtureModel mixture() {
        return gmm;
    }

    @Override
    public int components() {
        return gmm.components();
    }

    @Override
    public float[] draw(int n, double temperature, long seed) {
        return gmm.sample(n, temperature, seed);
    }

    @Override
    public double[] logDensity(float[] codes) {
        return gmm.logDensity(codes);
    }

    @Override
    public String estimator() {
        return "exact";
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public Map<String, String> save(Path folder) {
        int k = gmm.components();
        double[][] means = gmm.means();
        int d = means[0].length;
        double[] flatMeans = new double[k * d];
        double[] flatCovariances = new double[k * d * d];
        for (int c = 0; c < k; c++) {
            System.arraycopy(means[c], 0, flatMeans, c * d, d);
            double[][] sigma = gmm.covariance(c);
            for (int a = 0; a < d; a++) {
                System.arraycopy(sigma[a], 0, flatCovariances, (c * d + a) * d, d);
            }
        }
        Path file = folder.resolve(FILE);
        try (NDManager manager = Engines.newManager()) {
            NDArray weights = manager.create(gmm.weights());
            weights.setName("weights");
            NDArray mu = manager.create(flatMeans, new Shape(k, d));
            mu.setName("means");
            NDArray sigma = manager.create(flatCovariances, new Shape(k, d, d));
            sigma.setName("covariances");
            NDList tensors = new NDList(weights, mu, sigma);
            AtomicFiles.write(file, out -> tensors.encode(out, NDList.Encoding.SAFETENSORS));
            return Map.of(FILE, AtomicFiles.sha256(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {}
}
