package dev.vaekit.samplers;

import dev.vaekit.InvalidInputException;
import dev.vaekit.VaekitException;
import dev.vaekit.data.DataSource;
import dev.vaekit.engine.Engines;
import dev.vaekit.latent.LatentSpace;
import dev.vaekit.models.Autoencoder;
import dev.vaekit.models.Model;
import dev.vaekit.train.Configs;
import dev.vaekit.train.TrainingListener;
import dev.vaekit.util.AtomicFiles;
import dev.vaekit.util.InputFiles;
import dev.vaekit.util.Versions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A density fitted after training to a model's codes, drawn from instead of the prior. A VAE's prior N(0, I) often
 * differs from the aggregate posterior q(z) = E_x q(z|x) of the codes it gives its training data, so that decodes of
 * prior draws look worse than reconstructions; decoding draws of a density fitted to the codes mends much of it (Dai
 * &amp; Wipf 2019; Ghosh et al. 2020, for plain autoencoders too). Three densities ({@link SamplerKind}): a Gaussian
 * mixture, a masked autoregressive flow and the second VAE of the two-stage VAE.
 *
 * <pre>{@code
 * SamplerConfig config = SamplerConfig.defaults(SamplerKind.GMM);
 * try (TrainedModel vae = TrainedModel.load(run);
 *         LatentSampler gmm = LatentSampler.fit(vae.model(), vae.prepare(train), config)) {
 *     System.out.println(gmm.heldOut().logLikelihood()); // nats per held-out code
 *     float[][] images = gmm.samples(vae.model(), 16, 1.0, 7);
 *     gmm.save(LatentSampler.folder(run, "gmm"));
 * }
 * }</pre>
 *
 * <p>Fitting holds out a share of the codes ({@link SamplerConfig#heldOutFraction}, drawn by the seed), fits the
 * density to the rest and scores the held-out ones, so that kinds can be compared by {@link #heldOut}; N(0, I)'s score
 * of the same codes ({@link #standardNormal}) says how far the prior is from them. A sampler is saved as a folder,
 * conventionally {@code RUN/samplers/NAME/} ({@link #folder}): {@code sampler.json} ({@link SamplerSpec}) and the
 * density's files, whose SHA-256 it lists; the folder appears whole or not at all.
 */
public final class LatentSampler implements AutoCloseable {
    /** The description file of a sampler folder. */
    public static final String SPEC_FILE = "sampler.json";

    /** The folder of a run that holds its samplers. */
    public static final String RUN_FOLDER = "samplers";

    /** The most codes one call draws. */
    public static final int MAX_DRAWS = 1_000_000;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final SamplerSpec spec;
    private final CodeDensity density;

    private LatentSampler(SamplerSpec spec, CodeDensity density) {
        this.spec = spec;
        this.density = density;
    }

    /**
     * Encodes rows with a model and fits a sampler to their codes.
     *
     * @param model a model with a latent space (a VAE or plain autoencoder), unconditional
     * @param rows training rows, prepared as the model saw its data (binarised once if it was binary)
     * @param config what to fit
     * @return the fitted sampler; close it when done
     * @throws InvalidInputException if the model has no latent space, is conditional, or cannot give the codes asked
     *     for
     */
    public static LatentSampler fit(Model model, DataSource rows, SamplerConfig config) {
        return fit(model, rows, config, null, List.of());
    }

    /**
     * Encodes rows with a model and fits a sampler to their codes.
     *
     * @param model a model with a latent space (a VAE or plain autoencoder), unconditional
     * @param rows training rows, prepared as the model saw its data (binarised once if it was binary)
     * @param config what to fit
     * @param source the weights of the model, recorded in the sampler, or null
     * @param listeners watch the training of a {@code maf} or {@code two-stage} density (progress)
     * @return the fitted sampler; close it when done
     * @throws InvalidInputException if the model has no latent space, is conditional, or cannot give the codes asked
     *     for
     */
    public static LatentSampler fit(
            Model model,
            DataSource rows,
            SamplerConfig config,
            SamplerSource source,
            List<TrainingListener> listeners) {
        float[] codes = codes(model, rows, config.codes(), config.seed());
        return fitCodes(codes, model.config().latentDim(), config, source, listeners);
    }

    /**
     * The codes of rows that a sampler is fitted to.
     *
     * @param model a model with a latent space, unconditional
     * @param rows rows prepared as the model saw its data
     * @param source posterior means (the model's codes) or one draw of q(z|x) each
     * @param seed seed of the draws
     * @return n × latentDim codes, row-major
     * @throws InvalidInputException if the model has no latent space, is conditional, or is asked for draws of a
     *     q(z|x) it does not have
     */
    public static float[] codes(Model model, DataSource rows, CodeSource source, long seed) {
        Autoencoder latent = requireLatentSpace(model);
        if (source == CodeSource.SAMPLE && !model.capabilities().posteriorSampling()) {
            throw new InvalidInputException("codes " + source.id() + " draws z ~ q(z|x), but a "
                    + model.config().type() + " encodes each example to one code; fit to its codes (mean)");
        }
        return LatentSpace.encode(latent, rows, source == CodeSource.SAMPLE, seed)
                .values();
    }

    private static Autoencoder requireLatentSpace(Model model) {
        Autoencoder latent = model.requireAutoencoder();
        if (model.capabilities().conditional()) {
            throw new InvalidInputException("a " + model.config().type() + " conditional on labels has codes that "
                    + "depend on the label; a sampler models the codes of an unconditional model");
        }
        return latent;
    }

    /**
     * Fits a sampler to codes given directly.
     *
     * @param codes n × d codes, row-major, n ≥ 4
     * @param dim d
     * @param config what to fit
     * @return the fitted sampler; close it when done
     */
    public static LatentSampler fitCodes(float[] codes, int dim, SamplerConfig config) {
        return fitCodes(codes, dim, config, null, List.of());
    }

    /**
     * Fits a sampler to codes given directly: holds out {@link SamplerConfig#heldOutFraction} of them (at least 2),
     * chosen by the seed, fits the density to the others and scores the held-out ones.
     *
     * @param codes n × d codes, row-major, finite, n ≥ 4
     * @param dim d ≥ 1
     * @param config what to fit
     * @param source the weights of the model whose codes these are, recorded in the sampler, or null
     * @param listeners watch the training of a {@code maf} or {@code two-stage} density
     * @return the fitted sampler; close it when done
     * @throws InvalidInputException if the codes are too few, not whole rows, or not finite
     * @throws VaekitException if the fitted density scores a held-out code as impossible or not at all (a training
     *     that diverged)
     */
    public static LatentSampler fitCodes(
            float[] codes, int dim, SamplerConfig config, SamplerSource source, List<TrainingListener> listeners) {
        if (dim < 1 || codes.length % dim != 0) {
            throw new InvalidInputException(codes.length + " values are not whole codes of " + dim + " dimensions");
        }
        int n = codes.length / dim;
        for (int i = 0; i < codes.length; i++) {
            if (!Float.isFinite(codes[i])) {
                throw new InvalidInputException("code " + (i / dim) + " has the value " + codes[i] + " in dimension "
                        + (i % dim) + "; a sampler needs finite codes");
            }
        }
        int held = Math.max(2, (int) Math.round(n * config.heldOutFraction()));
        if (n - held < 2) {
            throw new InvalidInputException("a sampler needs at least 4 codes (2 to fit and 2 held out), got " + n);
        }
        int[] order = shuffled(n, config.seed());
        float[] fitted = rows(codes, dim, order, held, n);
        float[] heldOut = rows(codes, dim, order, 0, held);
        CodeDensity density = config.kind() == SamplerKind.GMM
                ? GmmDensity.fit(fitted, dim, config)
                : ModelDensity.fit(fitted, dim, config, listeners);
        try {
            double[] logP = density.logDensity(heldOut);
            for (double v : logP) {
                if (!Double.isFinite(v)) {
                    throw new VaekitException("the fitted " + config.kind().id() + " sampler gives a held-out code "
                            + "the log-likelihood " + v + "; its fit failed (try another seed, or a smaller learning "
                            + "rate)");
                }
            }
            SamplerSpec spec = new SamplerSpec(
                    SamplerSpec.FORMAT,
                    SamplerSpec.FORMAT_VERSION,
                    Versions.vaekit(),
                    config.kind(),
                    dim,
                    config,
                    density.describe(),
                    density.components(),
                    density.scaling(),
                    n - held,
                    HeldOutScore.of(logP, density.estimator()),
                    HeldOutScore.of(standardNormalLogDensity(heldOut, dim), "exact"),
                    source,
                    Instant.now().toString(),
                    Map.of());
            return new LatentSampler(spec, density);
        } catch (RuntimeException e) {
            density.close();
            throw e;
        }
    }

    /** A permutation of 0..n−1 drawn by the seed (Fisher–Yates). */
    private static int[] shuffled(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** The codes order[from..to), row-major. */
    private static float[] rows(float[] codes, int dim, int[] order, int from, int to) {
        float[] out = new float[(to - from) * dim];
        for (int i = from; i < to; i++) {
            System.arraycopy(codes, order[i] * dim, out, (i - from) * dim, dim);
        }
        return out;
    }

    /** log N(z; 0, I) = −½ ‖z‖² − (d/2) log 2π of each code. */
    static double[] standardNormalLogDensity(float[] codes, int dim) {
        double[] out = new double[codes.length / dim];
        for (int i = 0; i < out.length; i++) {
            double squares = 0;
            for (int j = 0; j < dim; j++) {
                double z = codes[i * dim + j];
                squares += z * z;
            }
            out[i] = -0.5 * squares - 0.5 * dim * Math.log(2 * Math.PI);
        }
        return out;
    }

    /**
     * The folder of a run's sampler of a given name.
     *
     * @param run the run folder
     * @param name 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit
     * @return {@code run/samplers/name}
     * @throws InvalidInputException for another name
     */
    public static Path folder(Path run, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException("a sampler name is 1 to 64 letters, digits, '.', '_' or '-', starting with "
                    + "a letter or digit; got '" + (name == null ? "" : InputFiles.shown(name)) + "'");
        }
        return run.resolve(RUN_FOLDER).resolve(name);
    }

    /**
     * @param run a run folder
     * @return the names of its saved samplers, sorted; none when it has none
     */
    public static List<String> names(Path run) {
        Path dir = run.resolve(RUN_FOLDER);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> Files.isRegularFile(p.resolve(SPEC_FILE)))
                    .map(p -> p.getFileName().toString())
                    .filter(name -> NAME.matcher(name).matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a sampler folder: {@code sampler.json}, then every file it lists, checked against its SHA-256 first.
     *
     * @param folder a folder written by {@link #save}
     * @return the sampler; close it when done
     * @throws InvalidInputException if the folder is missing, or a file is missing, altered or not what it should be
     */
    public static LatentSampler load(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new InvalidInputException(folder + ": no such sampler folder");
        }
        Path specFile = folder.resolve(SPEC_FILE);
        if (!Files.isRegularFile(specFile, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException(folder + ": not a sampler folder (no " + SPEC_FILE + ")");
        }
        SamplerSpec spec =
                Configs.parseJson(InputFiles.readSmallText(specFile), SamplerSpec.class, specFile.toString());
        Set<String> expected = spec.kind() == SamplerKind.GMM
                ? Set.of(GmmDensity.FILE)
                : Set.of(ModelDensity.FOLDER + "/" + dev.vaekit.train.Checkpoint.MANIFEST);
        if (!spec.files().keySet().equals(expected)) {
            throw new InvalidInputException(specFile + ": lists the files "
                    + spec.files().keySet().stream()
                            .map(InputFiles::shown)
                            .sorted()
                            .toList() + "; a "
                    + spec.kind().id() + " sampler has " + expected);
        }
        if (Files.isSymbolicLink(folder.resolve(ModelDensity.FOLDER))) {
            throw new InvalidInputException(folder.resolve(ModelDensity.FOLDER)
                    + ": is a symbolic link; a sampler's files must lie in its own folder");
        }
        for (Map.Entry<String, String> e : spec.files().entrySet()) {
            Path file = folder.resolve(e.getKey());
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new InvalidInputException(
                        file + ": missing, or not a regular file (listed in " + SPEC_FILE + ")");
            }
            try {
                if (!AtomicFiles.sha256(file).equalsIgnoreCase(e.getValue())) {
                    throw new InvalidInputException(file + ": SHA-256 differs from " + SPEC_FILE + "; the file is "
                            + "truncated, corrupted or was modified");
                }
            } catch (IOException ex) {
                throw new InvalidInputException(file + ": cannot read: " + ex.getMessage(), ex);
            }
        }
        CodeDensity density =
                spec.kind() == SamplerKind.GMM ? GmmDensity.load(folder, spec) : ModelDensity.load(folder, spec);
        return new LatentSampler(spec, density);
    }

    /**
     * Writes the sampler as a folder: its files into a hidden sibling first ({@code .NAME.partial}, replacing one
     * left by a save that was killed), {@code sampler.json} last, then one rename to {@code folder}.
     *
     * @param folder where; must not exist yet (its parent folders are created)
     * @throws InvalidInputException if {@code folder} exists
     */
    public void save(Path folder) {
        Path target = folder.toAbsolutePath().normalize();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException(folder + " already exists; choose another sampler name, or remove it");
        }
        Path partial = target.resolveSibling("." + target.getFileName() + ".partial");
        try {
            Files.createDirectories(target.getParent());
            deleteTree(partial);
            Files.createDirectory(partial);
            Map<String, String> files = density.save(partial);
            AtomicFiles.writeString(partial.resolve(SPEC_FILE), Configs.toJson(spec.withFiles(files)));
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(partial);
            throw new UncheckedIOException("cannot write the sampler folder " + folder + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(partial);
            throw e;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            deleteTree(dir);
        } catch (IOException | UncheckedIOException ignored) {
            // the next save replaces what is left
        }
    }

    /** @return the fitted density */
    CodeDensity density() {
        return density;
    }

    /** @return what was fitted, to which codes, and its scores */
    public SamplerSpec spec() {
        return spec;
    }

    /** @return the density */
    public SamplerKind kind() {
        return spec.kind();
    }

    /** @return d, the size of the codes it draws */
    public int dim() {
        return spec.dim();
    }

    /** @return the fitted density in words */
    public String description() {
        return spec.description();
    }

    /** @return its log-likelihood of the held-out codes */
    public HeldOutScore heldOut() {
        return spec.heldOut();
    }

    /** @return N(0, I)'s log-likelihood of the same held-out codes */
    public HeldOutScore standardNormal() {
        return spec.standardNormal();
    }

    /**
     * Refuses a model whose weights are not those the sampler was fitted to.
     *
     * @param weights the weights about to be used
     * @throws InvalidInputException if the sampler records other weights
     */
    public void requireSource(SamplerSource weights) {
        SamplerSource fitted = spec.source();
        if (fitted != null && !fitted.weightsSha256().equalsIgnoreCase(weights.weightsSha256())) {
            throw new InvalidInputException("the sampler was fitted to the codes of other weights ("
                    + fitted.description()
                    + ", " + fitted.weightsFile() + ") than these (" + weights.description() + "); fit it again, or "
                    + "use the weights it was fitted to");
        }
    }

    /**
     * Draws codes from the fitted density; the same seed draws the same codes, before and after a save and load.
     *
     * @param n how many, in [1, {@value #MAX_DRAWS}]
     * @param temperature T &gt; 0 scaling the density's noise: each Gaussian component's covariance by T² ({@code
     *     gmm}), the base N(0, T²I) of the flow ({@code maf}), or the second VAE's prior N(0, T²I) and its decoder
     *     noise ({@code two-stage})
     * @param seed seed of the draws
     * @return n × d codes, row-major
     * @throws InvalidInputException for n or T out of range
     */
    public float[] drawCodes(int n, double temperature, long seed) {
        if (n < 1 || n > MAX_DRAWS) {
            throw new InvalidInputException("the number of draws must be in [1, " + MAX_DRAWS + "], got " + n);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new InvalidInputException("the temperature must be a finite number > 0, got " + temperature);
        }
        return density.draw(n, temperature, seed);
    }

    /**
     * @param codes n × d codes, row-major
     * @return log p(z) of each under the fitted density, in nats: exact for {@code gmm} and {@code maf}, estimated by
     *     importance sampling for {@code two-stage}
     */
    public double[] logDensity(float[] codes) {
        if (codes.length % dim() != 0) {
            throw new InvalidInputException(codes.length + " values are not whole codes of " + dim() + " dimensions");
        }
        return density.logDensity(codes);
    }

    /**
     * Draws codes and decodes them: what each stands for, E[x|z] (for an autoregressive decoder, a draw seeded by the
     * same seed).
     *
     * @param model the model whose codes the sampler was fitted to
     * @param n how many
     * @param temperature T &gt; 0, as in {@link #drawCodes}
     * @param seed seed of the draws
     * @return n × inputDim examples, row-major, in the data's units
     * @throws InvalidInputException if the model has no latent space, is conditional, or has codes of another size
     */
    public float[] decodedSamples(Model model, int n, double temperature, long seed) {
        Autoencoder latent = requireLatentSpace(model);
        if (model.config().latentDim() != dim()) {
            throw new InvalidInputException("the sampler draws codes of " + dim() + " dimensions; the "
                    + model.config().type() + "'s codes have " + model.config().latentDim());
        }
        float[] codes = drawCodes(n, temperature, seed);
        Engines.seed(seed); // an autoregressive decoder draws its features from the engine's generator
        return LatentSpace.decodeMeans(latent, codes);
    }

    /**
     * {@link #decodedSamples} as one row per example.
     *
     * @param model the model whose codes the sampler was fitted to
     * @param n how many
     * @param temperature T &gt; 0
     * @param seed seed of the draws
     * @return n examples of the model's input width
     */
    public float[][] samples(Model model, int n, double temperature, long seed) {
        float[] flat = decodedSamples(model, n, temperature, seed);
        int width = model.config().inputDim();
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = Arrays.copyOfRange(flat, i * width, (i + 1) * width);
        }
        return out;
    }

    /** Frees the density's tensors. */
    @Override
    public void close() {
        density.close();
    }
}
