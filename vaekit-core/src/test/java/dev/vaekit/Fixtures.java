package dev.vaekit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.data.Binarization;
import dev.vaekit.data.DataConfig;
import dev.vaekit.data.Dataset;
import dev.vaekit.models.Autoencoder;
import dev.vaekit.models.AutoencoderConfig;
import dev.vaekit.models.FamilyConfig;
import dev.vaekit.models.GaussianVariance;
import dev.vaekit.models.LikelihoodConfig;
import dev.vaekit.models.LikelihoodKind;
import dev.vaekit.models.Model;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.models.ModelFamilies;
import dev.vaekit.models.VaeConfig;
import dev.vaekit.nn.ActivationKind;
import dev.vaekit.nn.Parameters;
import dev.vaekit.objectives.Estimator;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.train.Configs;
import dev.vaekit.train.LrSchedule;
import dev.vaekit.train.RunConfig;
import dev.vaekit.train.TrainingConfig;
import java.util.SplittableRandom;

/** Small models, configs and data shared by the core tests. */
public final class Fixtures {
    private Fixtures() {}

    /**
     * Waits up to 5 s for {@code n} of the spinners that keep cores awake to spin (they start and park on their own
     * threads).
     *
     * @return how many spin then
     */
    public static int awaitSpinners(int n) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (dev.vaekit.engine.WarmCores.spinning() != n && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        return dev.vaekit.engine.WarmCores.spinning();
    }

    /** A dense VAE on 1x2x2 inputs: 4-8-(2+2) encoder, 2-8-4 decoder, Bernoulli likelihood. */
    public static ModelConfig tinyModel() {
        return ModelConfig.builder("dense-vae")
                .inputShape(1, 2, 2)
                .latentDim(2)
                .hidden(8)
                .activation(ActivationKind.TANH)
                .build();
    }

    /** {@link #tinyModel()} as a plain autoencoder: a 4-8-2 encoder giving z itself, the same 2-8-4 decoder. */
    public static ModelConfig tinyAutoencoder() {
        ModelConfig t = tinyModel();
        return ModelConfig.builder("dense-ae")
                .inputShape(t.inputShape())
                .latentDim(t.latentDim())
                .hidden(t.hidden())
                .activation(t.activation())
                .build();
    }

    /**
     * {@link #tinyModel()} with other VAE fields.
     *
     * @param vae the VAE fields
     * @return the config
     */
    public static ModelConfig tinyModel(VaeConfig vae) {
        return tinyModel().toBuilder().family(vae).build();
    }

    /**
     * An observation model p(x|z).
     *
     * @param kind the distribution
     * @param variance for a Gaussian, how its σ is set
     * @param sigma for a Gaussian, its fixed or initial σ
     * @return the likelihood config, one mixture component
     */
    public static LikelihoodConfig likelihood(LikelihoodKind kind, GaussianVariance variance, double sigma) {
        return LikelihoodConfig.builder()
                .kind(kind)
                .variance(variance)
                .sigma(sigma)
                .build();
    }

    /**
     * The family fields of a VAE or plain autoencoder type with the given likelihood, the rest at their defaults.
     *
     * @param type a VAE or plain autoencoder type, e.g. {@code dense-vae} or {@code conv-ae}
     * @param likelihood the observation model
     * @return a {@link VaeConfig} or an {@link AutoencoderConfig}
     */
    public static FamilyConfig withLikelihood(String type, LikelihoodConfig likelihood) {
        Class<? extends FamilyConfig> family = ModelFamilies.type(type).family().configClass();
        if (family == VaeConfig.class) {
            return VaeConfig.builder().likelihood(likelihood).build();
        }
        if (family == AutoencoderConfig.class) {
            return AutoencoderConfig.builder().likelihood(likelihood).build();
        }
        throw new IllegalArgumentException(type + " has no likelihood of its own");
    }

    /**
     * A small PixelVAE ({@code pixel-vae}) on 1 × height × width images: a 2-dimensional code, one convolutional stage
     * of 4 channels without residual blocks, and a PixelCNN of 2 gated layers of 6 channels.
     *
     * @param likelihood the observation model
     * @param components discretized-logistic mixture components (1 for the other likelihoods)
     */
    public static ModelConfig pixelModel(int height, int width, LikelihoodKind likelihood, int components) {
        return ModelConfig.builder("pixel-vae")
                .inputShape(1, height, width)
                .latentDim(2)
                .hidden(4)
                .residualBlocks(0)
                .family(VaeConfig.builder()
                        .likelihood(LikelihoodConfig.builder()
                                .kind(likelihood)
                                .mixtureComponents(components)
                                .build())
                        .pixelLayers(2)
                        .pixelChannels(6)
                        .build())
                .build();
    }

    /** The defaults with another model section and training section. */
    public static RunConfig runConfig(ModelConfig model, TrainingConfig training) {
        RunConfig d = Configs.defaults();
        return new RunConfig(d.data(), model, d.objective(), training);
    }

    /** A run config with every section given. */
    public static RunConfig runConfig(
            Binarization binarization, ModelConfig model, ObjectiveConfig objective, TrainingConfig training) {
        return new RunConfig(new DataConfig("mnist-mini", binarization, 0.1, 0), model, objective, training);
    }

    /** Constant learning rate Adam with the usual betas. */
    public static TrainingConfig training(
            int epochs, int batchSize, double lr, double clipNorm, int patience, long seed) {
        return new TrainingConfig(
                epochs, batchSize, lr, 0.9, 0.999, LrSchedule.CONSTANT, 0.95, clipNorm, patience, seed, 0, 0);
    }

    /** Estimator B, one sample, beta 1, no warm-up. */
    public static ObjectiveConfig elbo() {
        return new ObjectiveConfig(Estimator.B, 1, 1.0, 0, 0);
    }

    /** Overwrites a parameter of a model in place. */
    public static void setParameter(Autoencoder model, String name, float... values) {
        NDArray p = model.parameters().asMap().get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        p.set(values);
    }

    /** @return the values of a parameter */
    public static float[] parameter(Model model, String name) {
        return model.parameters().asMap().get(name).toFloatArray();
    }

    /** @return a float32 tensor */
    public static NDArray array(NDManager manager, float[] values, long... shape) {
        return manager.create(values, new Shape(shape));
    }

    /** @return {@code n} uniform values in [lo, hi), seeded */
    public static float[] uniform(long seed, int n, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (lo + (hi - lo) * r.nextDouble());
        }
        return v;
    }

    /** @return {@code n} standard-normal values, seeded */
    public static float[] normal(long seed, int n) {
        java.util.Random r = new java.util.Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    /** @return {@code rows} random binary rows of {@code 1 x 2 x 2}, seeded */
    public static Dataset tinyBinaryData(long seed, int rows) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] f = new float[rows * 4];
        for (int i = 0; i < f.length; i++) {
            f[i] = r.nextInt(2);
        }
        return new Dataset("tiny", f, null, 1, 2, 2);
    }

    /**
     * Seeded random binary side × side images whose upper half is mostly on and lower half mostly off, so that a model
     * has something to learn.
     *
     * @return {@code rows} images of 1 × side × side
     */
    public static Dataset brightTopImages(long seed, int rows, int side) {
        SplittableRandom r = new SplittableRandom(seed);
        int d = side * side;
        float[] f = new float[rows * d];
        for (int i = 0; i < f.length; i++) {
            f[i] = r.nextDouble() < ((i % d) < d / 2 ? 0.8 : 0.2) ? 1f : 0f;
        }
        return new Dataset("bright-top", f, null, 1, side, side);
    }

    /**
     * Writes a CSV table of grey values in [0, 1] (smooth ramps plus seeded noise, so a VAE has something to learn)
     * for quick end-to-end training runs.
     *
     * @return the dataset spec, {@code csv:<file>}
     */
    public static String writeCsv(java.nio.file.Path file, int rows, int columns, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < columns; c++) {
            sb.append(c == 0 ? "" : ",").append("f").append(c);
        }
        sb.append('\n');
        for (int i = 0; i < rows; i++) {
            double phase = r.nextDouble();
            for (int c = 0; c < columns; c++) {
                double v = 0.5
                        + 0.4 * Math.sin(2 * Math.PI * (phase + (double) c / columns))
                        + 0.1 * (r.nextDouble() - 0.5);
                sb.append(c == 0 ? "" : ",").append(String.format(java.util.Locale.ROOT, "%.4f", v));
            }
            sb.append('\n');
        }
        try {
            java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
            java.nio.file.Files.writeString(file, sb);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return "csv:" + file;
    }

    /** The largest |a - b| over two arrays of the same length. */
    public static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("lengths " + a.length + " and " + b.length);
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs((double) a[i] - b[i]));
        }
        return m;
    }

    /**
     * The centres of an n × n grid of cells on [x0, x1] × [y0, y1], as interleaved (x, y) pairs, rows from the bottom.
     */
    public static float[] grid(int n, double x0, double x1, double y0, double y1) {
        float[] xy = new float[2 * n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                xy[2 * (j * n + i)] = (float) (x0 + (i + 0.5) * (x1 - x0) / n);
                xy[2 * (j * n + i) + 1] = (float) (y0 + (j + 0.5) * (y1 - y0) / n);
            }
        }
        return xy;
    }

    /** @return Σ exp(log p) · cell area: a density's mass on a grid of {@link #grid} */
    public static double mass(double[] logDensities, double cellArea) {
        double sum = 0;
        for (double v : logDensities) {
            sum += Math.exp(v);
        }
        return sum * cellArea;
    }

    /** {@link #mass(double[], double)} of float log-densities. */
    public static double mass(float[] logDensities, double cellArea) {
        double sum = 0;
        for (float v : logDensities) {
            sum += Math.exp(v);
        }
        return sum * cellArea;
    }

    /**
     * Adds uniform noise of the given size to every parameter, so that layers that start as the identity (zero last
     * layers, zero log-scales) are tested as general maps.
     */
    public static void perturb(Parameters params, float size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (NDArray p : params.asMap().values()) {
            float[] v = p.toFloatArray();
            for (int i = 0; i < v.length; i++) {
                v[i] += (float) ((random.nextDouble() * 2 - 1) * size);
            }
            params.assign(p, p.getManager().create(v, p.getShape()));
        }
    }
}
