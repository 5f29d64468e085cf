package dev.vaekit.ui;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.Binarization;
import dev.vaekit.data.DataSource;
import dev.vaekit.data.Dataset;
import dev.vaekit.data.DatasetSplit;
import dev.vaekit.data.Datasets;
import dev.vaekit.engine.Engines;
import dev.vaekit.eval.ExampleScores;
import dev.vaekit.eval.LikelihoodEstimator;
import dev.vaekit.latent.Interpolation;
import dev.vaekit.latent.LatentCodes;
import dev.vaekit.latent.LatentSpace;
import dev.vaekit.latent.LatentTraversal;
import dev.vaekit.latent.PrincipalAxes;
import dev.vaekit.models.Autoencoder;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.models.Prior;
import dev.vaekit.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * What the explorer shows of one run folder: the model of its latest committed checkpoint (best weights), its test
 * images, their latent codes and 2-D projection, decodes, prior draws and anomaly scores. Every method is synchronized:
 * the model is used by one request at a time, which costs nothing measurable at the explorer's request sizes.
 *
 * <p>The checkpoint is read without ever writing to the run folder ({@link Checkpoint#load(Path, NDManager,
 * Checkpoint.Weights, boolean)}), so a trainer may keep committing beside it; when the manifest changes the session
 * reloads, at most once a second, and keeps the previous model while a commit is in progress.
 */
final class ExplorerSession implements AutoCloseable {
    /** Test images scored for the anomaly view, and importance samples per image. */
    static final int ANOMALY_ROWS = 1000;

    static final int ANOMALY_SAMPLES = 64;

    private static final long RECHECK_NANOS = 1_000_000_000L;

    private final Path runDir;
    private final Path dataDir;
    private final int maxPoints;
    private NDManager manager;
    private Checkpoint.Loaded loaded;
    private String loadedVersion;
    private String loadError;
    private long lastCheck;
    private Dataset shown; // test images as stored (grey levels), for display
    private Dataset input; // the same images as the model sees them (binarised when it trained on binary data)
    private Projection projection;
    private Anomalies anomalies;

    /** A decoded or stored image: {@code channels × height × width} grey or colour levels 0–255, channel-major. */
    record Image(int channels, int height, int width, int[] pixels) {}

    /** The latent map: every shown test image's position in the plane, its label (−1 for none) and the axes' names. */
    record Points(List<String> axes, double[] u, double[] v, int[] labels) {}

    /** An anomaly ranking: the lowest log-likelihoods first. */
    record Anomalies(String estimator, int[] indices, double[] scores) {}

    /**
     * A latent traversal ({@link LatentTraversal}): one row per code dimension, most informative first.
     *
     * @param dimensions each row's code dimension
     * @param kl each row's mean KL in nats, or null when the rows are ordered by spread
     * @param spread each row's standard deviation of the codes
     * @param orderedBy {@code kl} or {@code spread}
     * @param examples test images swept (the first ones shown)
     * @param steps decodes per image and row
     * @param span the sweep's half-width in standard deviations
     * @param images rows × (examples · steps) decodes, row-major
     */
    record Traversal(
            int[] dimensions,
            double[] kl,
            double[] spread,
            String orderedBy,
            int examples,
            int steps,
            double span,
            List<Image> images) {}

    /** How the latent plane sits in latent space: z = origin + u·axes[0] + v·axes[1]. */
    private record Projection(
            double[] origin, double[][] axes, LatentCodes codes, double[][] plane, List<String> names) {}

    /**
     * @param runDir the run folder
     * @param dataDir dataset folder, or null
     * @param maxPoints test images shown on the latent map, at most
     */
    ExplorerSession(Path runDir, Path dataDir, int maxPoints) {
        this.runDir = runDir;
        this.dataDir = dataDir;
        this.maxPoints = maxPoints;
    }

    /**
     * Loads the checkpoint if there is one; a run folder with none yet (training has just started) is fine.
     *
     * @throws InvalidInputException if the folder is not a run folder or holds a model the explorer cannot show
     */
    synchronized void open() {
        if (!Files.isDirectory(runDir)) {
            throw new InvalidInputException(runDir + ": no such run folder");
        }
        if (Checkpoint.exists(runDir)) {
            // a trainer may be committing right now: give it a moment before calling the folder unreadable
            for (int attempt = 0; attempt < 20 && loaded == null; attempt++) {
                refresh(true);
                if (loaded == null && (loadError == null || !loadError.contains("in progress"))) {
                    break;
                }
                sleepQuietly(50);
            }
            if (loaded == null) {
                throw new InvalidInputException(loadError);
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return an identifier of the committed checkpoint (changes with every commit), or "" when there is none */
    String checkpointVersion() {
        Path manifest = runDir.resolve(Checkpoint.MANIFEST);
        try {
            return Files.getLastModifiedTime(manifest).toMillis() + ":" + Files.size(manifest);
        } catch (IOException e) {
            return "";
        }
    }

    /** Reloads when the manifest changed since the model was loaded; keeps the old model if the new one cannot load. */
    private void refresh(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastCheck < RECHECK_NANOS) {
            return;
        }
        lastCheck = now;
        String version = checkpointVersion();
        if (version.isEmpty() || version.equals(loadedVersion)) {
            return;
        }
        NDManager fresh = Engines.newManager();
        try {
            Checkpoint.Loaded candidate = Checkpoint.load(runDir, fresh, Checkpoint.Weights.BEST, false);
            check(candidate);
            closeModel();
            manager = fresh;
            loaded = candidate;
            loadedVersion = version;
            loadError = null;
            projection = null;
            anomalies = null;
            if (shown == null) {
                loadData();
            }
        } catch (RuntimeException e) {
            fresh.close();
            loadError = e.getMessage();
            if (e instanceof InvalidInputException
                    && loaded == null
                    && !e.getMessage().contains("in progress")) {
                throw e;
            }
        }
    }

    /** Refuses models that have no latent plane to explore or that decode something other than images. */
    private void check(Checkpoint.Loaded candidate) {
        ModelConfig config = candidate.config().model();
        if (candidate.model().autoencoder().isEmpty()) {
            candidate.model().close();
            throw new InvalidInputException(runDir + " holds a " + config.type() + " "
                    + config.modelType().family().noun() + ": it has no latent plane to explore; use vaekit "
                    + "density-plot or sample");
        }
        if (candidate.config().data().schema() != null) {
            candidate.model().close();
            throw new InvalidInputException(runDir + " holds a model of table rows; the explorer draws images (use "
                    + "vaekit encode, decode and score for tables)");
        }
        if (config.conditional()) {
            candidate.model().close();
            throw new InvalidInputException(runDir + " holds a class-conditional model; the explorer does not choose "
                    + "classes yet (use vaekit sample --label)");
        }
    }

    private void loadData() {
        // as the run read its data: a folder of images with its channels, size and strictness
        DatasetSplit parts = Datasets.load(loaded.config().data(), dataDir, System.err::println);
        DataSource part = parts.test() != null ? parts.test() : parts.train();
        // the explorer holds the images it shows (at most maxPoints) in memory
        Dataset test = part.slice(0, Math.min(maxPoints, part.size())).materialize("the explorer", Integer.MAX_VALUE);
        shown = test;
        input = loaded.config().data().binarization() == Binarization.NONE
                ? test
                : Binarization.sample(test, loaded.config().data().binarizationSeed());
    }

    /** @return the loaded model, after a reload if a newer checkpoint was committed */
    private Autoencoder model() {
        refresh(false);
        if (loaded == null) {
            throw new HttpError(
                    503,
                    loadError != null
                            ? loadError
                            : "no checkpoint yet: training has not finished " + "its first epoch");
        }
        return loaded.autoencoder();
    }

    /** @return the run's description for the page header */
    synchronized java.util.Map<String, Object> info() {
        java.util.Map<String, Object> info = new java.util.LinkedHashMap<>();
        info.put(
                "run",
                runDir.getFileName() == null
                        ? runDir.toString()
                        : runDir.getFileName().toString());
        refresh(false);
        if (loaded == null) {
            info.put("ready", false);
            info.put("message", loadError != null ? loadError : "waiting for the first checkpoint");
            return info;
        }
        ModelConfig config = loaded.config().model();
        info.put("ready", true);
        info.put("model", config.type());
        info.put("latentDim", config.latentDim());
        info.put("inputShape", config.inputShape());
        info.put("dataset", loaded.config().data().dataset());
        info.put("weights", loaded.weightsDescription().replaceFirst("^weights (of )?", ""));
        info.put("testImages", shown.size());
        info.put("likelihood", loaded.model().capabilities().hasLikelihood());
        Optional<Prior> prior = loaded.autoencoder().latentPrior();
        info.put("temperature", prior.map(Prior::standardNormal).orElse(true));
        info.put(
                "prior",
                prior.map(Prior::id)
                        .orElse("none: a " + config.modelType().family().noun() + " has no prior; N(0, I) draws show "
                                + "what its decoder makes of them"));
        return info;
    }

    /** @return the latent map of the shown test images */
    synchronized Points points() {
        Projection p = projection();
        double[] u = new double[p.plane.length];
        double[] v = new double[p.plane.length];
        for (int i = 0; i < u.length; i++) {
            u[i] = p.plane[i][0];
            v[i] = p.plane[i][1];
        }
        int[] labels = p.codes.hasLabels() ? p.codes.labels() : filled(u.length, -1);
        return new Points(p.names, u, v, labels);
    }

    private static int[] filled(int n, int value) {
        int[] a = new int[n];
        Arrays.fill(a, value);
        return a;
    }

    /** Encodes the shown images (posterior means) and fits the plane: the latent axes for d = 2, else PCA. */
    private Projection projection() {
        Autoencoder model = model();
        if (projection != null) {
            return projection;
        }
        LatentCodes codes = LatentSpace.encode(model, input, false, 0);
        int d = codes.latentDim();
        double[][] plane;
        double[] origin = new double[d];
        double[][] axes = new double[2][d];
        List<String> names;
        if (d == 1) {
            throw new HttpError(409, "the latent space has one dimension: there is no plane to draw");
        } else if (d == 2) {
            axes[0][0] = 1;
            axes[1][1] = 1;
            plane = new double[codes.size()][];
            for (int i = 0; i < codes.size(); i++) {
                float[] z = codes.row(i);
                plane[i] = new double[] {z[0], z[1]};
            }
            names = List.of("z₁", "z₂");
        } else {
            PrincipalAxes pca = PrincipalAxes.fit(codes.values(), d, 2);
            origin = pca.mean();
            axes = pca.axes();
            double[][] byAxis = pca.project(codes.values()); // [axis][point]
            plane = new double[codes.size()][];
            for (int i = 0; i < plane.length; i++) {
                plane[i] = new double[] {byAxis[0][i], byAxis[1][i]};
            }
            names = List.of(
                    String.format("PC1 (%.0f%% of the codes' variance)", 100 * pca.explainedFraction(0)),
                    String.format("PC2 (%.0f%%)", 100 * pca.explainedFraction(1)));
        }
        projection = new Projection(origin, axes, codes, plane, names);
        return projection;
    }

    /**
     * @param index a shown test image
     * @return the image as stored
     */
    synchronized Image example(int index) {
        model();
        checkIndex(index);
        int d = shown.dim();
        return image(Arrays.copyOfRange(shown.features(), index * d, (index + 1) * d));
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= shown.size()) {
            throw new HttpError(400, "index must be in [0, " + (shown.size() - 1) + "], got " + index);
        }
    }

    /**
     * Decodes the point (u, v) of the latent plane. For d > 2 the plane is the PCA plane through the codes' mean, or,
     * with {@code around}, the parallel plane through that image's code, so that the other d − 2 coordinates are that
     * image's own.
     *
     * @param u first plane coordinate
     * @param v second plane coordinate
     * @param around a shown image to centre the plane on, or −1
     * @return the decoded mean image
     */
    synchronized Image decode(double u, double v, int around) {
        Projection p = projection();
        double[] base = p.origin.clone();
        double du = u;
        double dv = v;
        if (around >= 0) {
            checkIndex(around);
            float[] z = p.codes.row(around);
            for (int j = 0; j < base.length; j++) {
                base[j] = z[j];
            }
            du = u - p.plane[around][0];
            dv = v - p.plane[around][1];
        }
        float[] z = new float[base.length];
        for (int j = 0; j < z.length; j++) {
            z[j] = (float) (base[j] + du * p.axes[0][j] + dv * p.axes[1][j]);
        }
        return images(LatentSpace.decodeMeans(model(), z)).get(0);
    }

    /**
     * Decodes the path between two shown images' codes.
     *
     * @param from first image
     * @param to last image
     * @param steps images on the path, ends included
     * @param spherical slerp instead of a straight line
     * @return the decodes
     */
    synchronized List<Image> interpolate(int from, int to, int steps, boolean spherical) {
        Projection p = projection();
        checkIndex(from);
        checkIndex(to);
        float[] path = Interpolation.path(p.codes.row(from), p.codes.row(to), steps, spherical);
        return images(LatentSpace.decodeMeans(model(), path));
    }

    /**
     * Draws codes from the prior and decodes them.
     *
     * @param n how many
     * @param temperature scale of N(0, I) draws (standard prior only; 1 for the others)
     * @param seed seed of the draws
     * @return the decodes
     */
    synchronized List<Image> samples(int n, double temperature, long seed) {
        Autoencoder model = model();
        int d = model.config().latentDim();
        float[] z = new float[n * d];
        Prior prior = model.latentPrior().orElse(null);
        if (prior != null && !prior.standardNormal()) {
            if (temperature != 1) {
                throw new HttpError(
                        400,
                        "temperature scales draws of N(0, I); this model's prior is " + prior.id()
                                + ", so it must be 1");
            }
            Engines.disableGradOnThisThread();
            Engines.seed(seed);
            try (NDManager scratch = model.parameters().manager().newSubManager()) {
                NDArray drawn = prior.sample(scratch, n);
                z = drawn.toFloatArray();
            }
        } else {
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) (temperature * gaussian(random));
            }
        }
        return images(LatentSpace.decodeMeans(model, z));
    }

    /** A standard normal draw (Marsaglia's polar method). */
    private static double gaussian(SplittableRandom random) {
        while (true) {
            double a = 2 * random.nextDouble() - 1;
            double b = 2 * random.nextDouble() - 1;
            double s = a * a + b * b;
            if (s > 0 && s < 1) {
                return a * Math.sqrt(-2 * Math.log(s) / s);
            }
        }
    }

    /**
     * The shown test images with the lowest log-likelihood, estimated by importance sampling on the first
     * {@value #ANOMALY_ROWS} of them (computed once per checkpoint).
     *
     * @param n how many to return
     * @return ranking
     */
    synchronized Anomalies anomalies(int n) {
        model();
        LikelihoodEstimator estimator = loaded.model().likelihood().orElse(null);
        if (estimator == null) {
            throw new HttpError(
                    409,
                    "a " + loaded.config().model().modelType().family().noun()
                            + " defines no likelihood to rank images by; train a VAE");
        }
        if (anomalies == null) {
            Dataset rows = input.size() > ANOMALY_ROWS ? input.slice(0, ANOMALY_ROWS) : input;
            ExampleScores scores = estimator.score(rows, ANOMALY_SAMPLES, 0, 0);
            double[] ll = scores.logLikelihood();
            int[] order = IntStream.range(0, ll.length)
                    .boxed()
                    .sorted(Comparator.comparingDouble(i -> ll[i]))
                    .mapToInt(Integer::intValue)
                    .toArray();
            double[] sorted = new double[order.length];
            for (int i = 0; i < order.length; i++) {
                sorted[i] = ll[order[i]];
            }
            anomalies = new Anomalies(
                    String.format(
                            "log p(x) in nats, %s, on the first %d test images",
                            estimator.describe(ANOMALY_SAMPLES, 0), rows.size()),
                    order,
                    sorted);
        }
        int k = Math.min(n, anomalies.indices.length);
        return new Anomalies(
                anomalies.estimator, Arrays.copyOf(anomalies.indices, k), Arrays.copyOf(anomalies.scores, k));
    }

    /**
     * Sweeps each code dimension around the first test images' codes by ±3 standard deviations of the codes of the
     * first {@value #ANOMALY_ROWS} test images, which also give the rows' order.
     *
     * @param examples test images to sweep
     * @param steps decodes per image and row
     * @return the traversal
     */
    synchronized Traversal traversal(int examples, int steps) {
        Autoencoder model = model();
        Dataset rows = input.size() > ANOMALY_ROWS ? input.slice(0, ANOMALY_ROWS) : input;
        LatentTraversal t = LatentTraversal.of(model, rows, examples, steps, 3);
        return new Traversal(
                t.dimensions(),
                t.kl(),
                t.spread(),
                t.orderedBy(),
                t.examples(),
                t.steps(),
                t.span(),
                images(t.images()));
    }

    /** Splits decoded means into images of the model's shape, values in [0, 1] mapped to 0–255. */
    private List<Image> images(float[] values) {
        int d = model().config().inputDim();
        List<Image> out = new ArrayList<>();
        for (int from = 0; from < values.length; from += d) {
            out.add(image(Arrays.copyOfRange(values, from, from + d)));
        }
        return out;
    }

    private Image image(float[] values) {
        List<Integer> shape = loaded.config().model().inputShape();
        int[] pixels = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            float x = values[i];
            pixels[i] = x != x ? 0 : Math.round(Math.max(0f, Math.min(1f, x)) * 255f);
        }
        return new Image(shape.get(0), shape.get(1), shape.get(2), pixels);
    }

    private void closeModel() {
        if (loaded != null) {
            loaded.model().close();
            loaded = null;
        }
        if (manager != null) {
            manager.close();
            manager = null;
        }
    }

    @Override
    public synchronized void close() {
        closeModel();
    }
}
