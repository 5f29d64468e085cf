package dev.vaekit.cli;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.DataConfig;
import dev.vaekit.data.DatasetSplit;
import dev.vaekit.data.Datasets;
import dev.vaekit.eval.PrecisionRecall;
import dev.vaekit.models.Model;
import dev.vaekit.quality.ClassifierCache;
import dev.vaekit.quality.ClassifierInfo;
import dev.vaekit.quality.ClassifierSettings;
import dev.vaekit.quality.LabelledData;
import dev.vaekit.quality.ModelSamples;
import dev.vaekit.quality.SampleQuality;
import dev.vaekit.quality.SampleQualityReport;
import dev.vaekit.quality.SampleQualityScores;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vaekit sample-quality}: Fréchet distance and k-NN precision and recall of a run's samples. */
@Command(
        name = "sample-quality",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Score a run's samples against its data set's test images: the Fréchet distance (Heusel et al. "
                + "2017) and k-NN precision and recall (Kynkäänniemi et al. 2019) in the features of a small "
                + "classifier that vaekit trains on the data set's labels (once, then kept in its cache folder). "
                + "These are NOT Inception FIDs and do not compare with published FIDs. Prints the settings, a table "
                + "with a reference row (real training images the classifier never saw, against the same test "
                + "images: what real images score at this N) and a JSON line. Needs a model with a prior and a data "
                + "set with labels and a test split (MNIST, Fashion-MNIST, mnist-mini, a folder of images with class "
                + "sub-folders).")
final class SampleQualityCommand extends RunCommand {

    /** The most samples scored by default. */
    static final int DEFAULT_N = 10_000;

    @Option(
            names = "--n",
            paramLabel = "N",
            description = "Samples, compared with the first N test images (default " + DEFAULT_N + " or the test "
                    + "set's size if smaller; at most the test set's size).")
    Integer n;

    @Option(
            names = "--k",
            paramLabel = "K",
            description = "The neighbour whose distance is each point's radius in precision and recall (default "
                    + "${DEFAULT-VALUE}, the paper's).")
    int k = PrecisionRecall.DEFAULT_K;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the samples (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(
            names = "--temperature",
            paramLabel = "T",
            description = "Prior standard deviation of the samples (default ${DEFAULT-VALUE}).")
    double temperature = 1.0;

    @Option(
            names = "--classifier-epochs",
            paramLabel = "E",
            description = "Epochs of the feature classifier's training (default: enough to show it about "
                    + ClassifierSettings.DEFAULT_EXAMPLES + " images, at most " + ClassifierSettings.MAX_DEFAULT_EPOCHS
                    + "); another value trains and keeps another classifier.")
    int classifierEpochs;

    @Option(
            names = "--classifier-seed",
            paramLabel = "SEED",
            description = "Seed of the feature classifier's weights and image order (default ${DEFAULT-VALUE}); "
                    + "another value trains and keeps another classifier.")
    long classifierSeed;

    @Option(
            names = "--cache-dir",
            paramLabel = "DIR",
            description = "Where feature classifiers are kept (default: " + ClassifierCache.FOLDER_NAME
                    + " in vaekit's " + "cache folder, ~/.cache/vaekit or XDG_CACHE_HOME/vaekit).")
    Path cacheDir;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Look for datasets here first.")
    Path dataDir;

    @Option(
            names = "--sampler",
            paramLabel = "NAME",
            description = "Score samples whose codes come from the run's sampler NAME ('vaekit fit-sampler') instead "
                    + "of the prior; a plain autoencoder, which has no prior, can be scored this way.")
    String sampler;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        if (k < 1) {
            throw new InvalidInputException("--k must be >= 1, got " + k);
        }
        if (n != null && n <= k) {
            throw new InvalidInputException("--n must be larger than --k (" + k + "), got " + n);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new InvalidInputException("--temperature must be a finite number > 0, got " + temperature);
        }
        if (classifierEpochs < 0 || classifierEpochs > ClassifierSettings.MAX_EPOCHS) {
            throw new InvalidInputException("--classifier-epochs must be in [1, " + ClassifierSettings.MAX_EPOCHS
                    + "], got " + classifierEpochs);
        }
        ClassifierSettings settings =
                ClassifierSettings.defaults().withEpochs(classifierEpochs).withSeed(classifierSeed);
        ClassifierCache cache = cacheDir != null ? new ClassifierCache(cacheDir) : ClassifierCache.inUserCache();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (LoadedRun loaded = load()) {
            Model model = loaded.checkpoint.model();
            if (sampler == null) {
                ModelSamples.requirePrior(model);
            } else if (model.config().conditional()) {
                throw new InvalidInputException("--sampler draws codes without a label, and the model in " + run
                        + " is conditional; score its prior samples without --sampler");
            }
            DataConfig dataConfig = loaded.checkpoint.config().data();
            String dataset = dataConfig.dataset();
            DatasetSplit split = Datasets.load(dataConfig, dataDir, err::println);
            LabelledData data;
            try {
                data = LabelledData.of(dataset, split);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(run + ": " + e.getMessage(), e);
            }
            if (data.test().dim() != model.config().inputDim()) {
                throw new InvalidInputException(
                        dataset + " has examples of " + data.test().dim() + " values; the " + "model in " + run
                                + " draws " + model.config().inputDim());
            }
            int testSize = data.test().size();
            int count = n != null ? n : Math.min(DEFAULT_N, testSize);
            if (count > testSize || count <= k) {
                throw new InvalidInputException("--n must be in [" + (k + 1) + ", " + testSize + "] (" + dataset
                        + " has " + testSize + " test images to compare the samples with), got " + count);
            }
            out.printf(
                    Locale.ROOT,
                    "%s: %d samples of the %s (%s), temperature %s, seed %d, against the first %d test images of "
                            + "%s%n",
                    run,
                    count,
                    model.config().type(),
                    loaded.weightsDescription(),
                    temperature,
                    seed,
                    count,
                    dataset);
            out.flush();
            try (SampleQuality quality = SampleQuality.prepare(data, settings, cache, err::println)) {
                ClassifierInfo c = quality.classifier();
                out.printf(
                        Locale.ROOT,
                        "features: the %d-value penultimate layer of classifier %s (%s), trained by vaekit on %d "
                                + "training images of %s (%d epoch%s, seed %d), test accuracy %.4f on %d test images; "
                                + "%s %s%n",
                        c.featureDim(),
                        c.key(),
                        c.architecture(),
                        c.trainImages(),
                        dataset,
                        c.epochs(),
                        c.epochs() == 1 ? "" : "s",
                        c.seed(),
                        c.testAccuracy(),
                        c.testImages(),
                        quality.classifierTrained() ? "trained now, kept as" : "read from",
                        quality.classifierFile() != null ? quality.classifierFile() : "(not kept: see above)");
                out.printf(
                        Locale.ROOT,
                        "estimators: Fréchet distance of Gaussians fitted to N = %d feature rows each (Heusel et al. "
                                + "2017); k-NN precision and recall with k = %d (Kynkäänniemi et al. 2019)%n",
                        count,
                        k);
                out.println("note: " + SampleQualityReport.NOT_INCEPTION);
                out.flush();
                float[] samples;
                String what;
                if (sampler != null) {
                    FitSamplerCommand.Drawn drawn =
                            FitSamplerCommand.drawFromSampler(loaded, sampler, count, temperature, seed);
                    samples = drawn.rows();
                    what = "samples, codes from " + sampler;
                    out.println("codes: " + drawn.description());
                } else {
                    int[] labels = model.config().conditional() ? quality.testLabels(count) : null;
                    samples = ModelSamples.draw(model, count, temperature, seed, labels);
                    what = "model samples";
                }
                List<SampleQualityReport.Row> rows = new ArrayList<>();
                rows.add(new SampleQualityReport.Row("samples", what, quality.score(samples, k)));
                if (quality.referenceSize() > k) {
                    SampleQualityScores reference = quality.reference(count, k);
                    rows.add(new SampleQualityReport.Row("reference", "real training images", reference));
                    out.printf(
                            Locale.ROOT,
                            "reference: %d training images the classifier never saw, against the first %d test "
                                    + "images: what real images score%n",
                            reference.n(),
                            reference.n());
                } else {
                    out.println("reference: none (" + dataset + " holds only " + quality.referenceSize()
                            + " training images out of the classifier's training)");
                }
                SampleQualityReport report = new SampleQualityReport(c, quality.classifierTrained(), rows);
                out.print(report.toTable());
                Map<String, Object> context = new LinkedHashMap<>();
                context.put("run", run.toString());
                context.put("model", model.config().type());
                context.put("dataset", dataset);
                context.put("weightsEpoch", loaded.checkpoint.weightsEpoch());
                context.put("n", count);
                context.put("k", k);
                context.put("seed", seed);
                context.put("temperature", temperature);
                context.put("seconds", (System.nanoTime() - start) / 1e9);
                out.println(report.toJsonLine(context));
                out.flush();
            }
        }
        return 0;
    }
}
