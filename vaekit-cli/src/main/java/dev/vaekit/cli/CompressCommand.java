package dev.vaekit.cli;

import dev.vaekit.InvalidInputException;
import dev.vaekit.compress.BbAnsSettings;
import dev.vaekit.compress.CodingScheme;
import dev.vaekit.compress.CompressedFile;
import dev.vaekit.compress.CompressionReport;
import dev.vaekit.compress.vae.ImageCodingModel;
import dev.vaekit.compress.vae.ImageSymbols;
import dev.vaekit.compress.vae.RunHash;
import dev.vaekit.compress.vae.VaeCodingModel;
import dev.vaekit.compress.vae.VaeCompression;
import dev.vaekit.train.Configs;
import dev.vaekit.util.AtomicFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vaekit compress}: images losslessly compressed with the run's VAE by bits-back coding (BB-ANS, or Bit-Swap for
 * a Markov chain of latent layers).
 */
@Command(
        name = "compress",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Compress images losslessly with the run's VAE by bits-back coding with ANS (BB-ANS, Townsend "
                + "et al. 2019): a rate near the model's -ELBO. For a VAE with the standard prior, a Gaussian q(z|x) "
                + "and a Bernoulli (binary images), discretized-logistic or categorical-256 (8-bit) decoder, "
                + "factorised or PixelCNN; and by Bit-Swap (Kingma et al. 2019) for a model whose latent layers form "
                + "a bottom-up Markov chain (a dense-ladder-vae with inference bottom-up). The file names the run "
                + "(SHA-256 of config.json and the weights) and the scheme: 'vaekit decompress' needs the same run "
                + "and weights. See docs/bits-back.md.")
final class CompressCommand extends RunCommand {
    @Option(
            names = {"-i", "--in"},
            paramLabel = "DATA",
            required = true,
            description = "What to compress: test or train (that split of the run's data set, or of --dataset; "
                    + "binarized as 'vaekit eval' does when the run is binary), or a folder of .png files (by name), "
                    + "one .png, an IDX file or an .npy file of images of the model's shape, their values the symbols "
                    + "(0..255, or 0 and 1 for a binary model; in PNGs black and white).")
    String in;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "FILE",
            required = true,
            description = "The compressed file (written atomically).")
    Path out;

    @Option(names = "--n", paramLabel = "N", description = "Compress the first N images (default all).")
    int n;

    @Option(
            names = "--dataset",
            paramLabel = "SPEC",
            description = "With -i test or train: another data set of the run's example shape (default the run's).")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Look for datasets here first.")
    Path dataDir;

    @Option(
            names = "--latent-bits",
            paramLabel = "B",
            description = "Each latent coordinate in 2^B buckets of equal prior mass (default ${DEFAULT-VALUE}).")
    int latentBits = BbAnsSettings.DEFAULT.latentBits();

    @Option(
            names = "--scheme",
            paramLabel = "SCHEME",
            description = "bit-swap or bb-ans: the order in which the latent layers are coded (default bit-swap for a "
                    + "model whose latent layers form a Markov chain, bb-ans otherwise; both have the same expected "
                    + "rate, Bit-Swap needs fewer initial bits). bit-swap is refused for a model with one layer.")
    String scheme;

    @Option(
            names = "--seed",
            paramLabel = "SEED",
            description = "Seed of the first image's initial bits (default ${DEFAULT-VALUE}); stored in the file.")
    long seed = BbAnsSettings.DEFAULT.seed();

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() {
        if (n < 0) {
            throw new InvalidInputException("--n must be >= 0, got " + n);
        }
        BbAnsSettings settings = settings();
        CodingScheme requested = scheme == null ? null : CodingScheme.parse(scheme);
        try (LoadedRun loaded = load()) {
            ImageCodingModel model = ImageCodingModel.of(loaded.checkpoint.model());
            CodingScheme chosen = model.scheme(requested);
            byte[] hash = RunHash.of(run, loaded.checkpoint);
            ImageSymbols images = read(loaded, model);
            VaeCompression.Compressed file = VaeCompression.compress(model, images, hash, settings, chosen);
            AtomicFiles.write(out, o -> o.write(file.bytes()));
            report(loaded, model, chosen, file, hash);
        }
        return 0;
    }

    private BbAnsSettings settings() {
        BbAnsSettings d = BbAnsSettings.DEFAULT;
        try {
            return new BbAnsSettings(
                    latentBits,
                    d.posteriorPrecision(),
                    d.observationPrecision(),
                    d.parameterGridBits(),
                    seed,
                    d.marginalSamples());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--latent-bits: " + e.getMessage());
        }
    }

    private ImageSymbols read(LoadedRun loaded, ImageCodingModel model) {
        if (in.equals("test") || in.equals("train")) {
            return ImageSymbols.ofRows(loaded.data(dataset, in, dataDir, n), model.shape(), model.alphabetSize());
        }
        if (dataset != null) {
            throw new InvalidInputException("--dataset goes with -i test or train, not with a file or folder");
        }
        return ImageSymbols.read(Path.of(in), model.shape(), model.alphabetSize(), n);
    }

    private void report(
            LoadedRun loaded,
            ImageCodingModel model,
            CodingScheme chosen,
            VaeCompression.Compressed file,
            byte[] hash) {
        CompressionReport r = file.report();
        PrintWriter stdout = spec.commandLine().getOut();
        double perSecond = r.examples() / file.seconds();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("run", run.toString());
            o.put("weights", RunHash.weightsFile(loaded.checkpoint));
            o.put("in", in);
            o.put("out", out.toString());
            o.put("images", r.examples());
            o.put("shape", model.shape());
            o.put("levels", model.alphabetSize());
            o.put("scheme", chosen.id());
            o.put("latentLayers", model.chain().layerSizes());
            o.put("bytes", r.fileBytes());
            o.put("bitsPerDim", r.bitsPerDimension());
            o.put("netBitsPerDim", r.netBitsPerDimension());
            o.put("initialBits", r.initialBits());
            o.put("flushBits", r.flushBits());
            o.put("containerBits", r.containerBits());
            o.put("codingOverheadBits", r.codingOverheadBits());
            o.put("latentBits", latentBits);
            o.put("seed", seed);
            o.put("modelHash", HexFormat.of().formatHex(hash));
            o.put("networkPasses", model.passes());
            o.put("seconds", file.seconds());
            o.put("imagesPerSecond", perSecond);
            stdout.println(Configs.json()
                    .writer()
                    .withoutFeatures(tools.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(o));
        } else {
            stdout.printf(
                    "compressed %d images of %s (%s) with %s (%s) -> %s%n",
                    r.examples(),
                    Arrays.toString(model.shape()),
                    model.alphabetSize() == 2 ? "binary" : "8-bit",
                    run,
                    loaded.weightsDescription(),
                    out);
            stdout.printf(
                    "scheme    %s over %s%n",
                    chosen == CodingScheme.BIT_SWAP ? "Bit-Swap" : "BB-ANS",
                    CompressedFile.describeLayers(model.chain().layerSizes()));
            stdout.printf(
                    "size      %d bytes = %.4f bits/dim (%.4f without the initial bits, flush and container)%n",
                    r.fileBytes(), r.bitsPerDimension(), r.netBitsPerDimension());
            stdout.printf("initial   %.1f bits from the seed, carried in the file%n", r.initialBits());
            stdout.printf(
                    "time      %.1f s, %.1f images/s (one image at a time, %d libtorch thread)%n",
                    file.seconds(), perSecond, VaeCodingModel.THREADS);
        }
        stdout.flush();
    }
}
