package dev.vaekit.cli;

import dev.vaekit.compress.CodingScheme;
import dev.vaekit.compress.vae.ImageCodingModel;
import dev.vaekit.compress.vae.ImageSymbols;
import dev.vaekit.compress.vae.RunHash;
import dev.vaekit.compress.vae.VaeCodingModel;
import dev.vaekit.compress.vae.VaeCompression;
import dev.vaekit.train.Configs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vaekit decompress}: the images of a file of {@code vaekit compress}, with the same run. */
@Command(
        name = "decompress",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Decompress a file of 'vaekit compress' with the same run and weights, by the scheme the file "
                + "records (BB-ANS or Bit-Swap). The images are written only once every check passed: a damaged or truncated file, or one compressed with another model, "
                + "is refused in one line, never decoded wrong.")
final class DecompressCommand extends RunCommand {
    @Option(
            names = {"-i", "--in"},
            paramLabel = "FILE",
            required = true,
            description = "The compressed file.")
    Path in;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "DIR|FILE",
            required = true,
            description = "Where the images go: FILE.npy (unsigned bytes, (n, h, w), or (n, c, h, w) for colour), "
                    + "FILE.idx or FILE-ubyte (IDX of unsigned bytes, the same dimensions), FILE.png (exactly one "
                    + "image), or else a new folder of PNG files 00000.png, 00001.png, ... (1-bit for binary images, "
                    + "8-bit grey, or RGB). Values are the symbols: 0..255, or 0 and 1 for a binary model (black and "
                    + "white in PNGs).")
    Path out;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() {
        ImageSymbols.Format format = ImageSymbols.Format.of(out);
        ImageSymbols.checkOutput(out);
        byte[] bytes = VaeCompression.readFile(in);
        try (LoadedRun loaded = load()) {
            ImageCodingModel model = ImageCodingModel.of(loaded.checkpoint.model());
            byte[] hash = RunHash.of(run, loaded.checkpoint);
            VaeCompression.Decompressed result = VaeCompression.decompress(bytes, in.toString(), model, hash);
            result.images().write(out);
            int count = result.images().count();
            PrintWriter stdout = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("run", run.toString());
                o.put("in", in.toString());
                o.put("out", out.toString());
                o.put("format", format.name().toLowerCase(Locale.ROOT));
                o.put("images", count);
                o.put("shape", model.shape());
                o.put("levels", model.alphabetSize());
                o.put("scheme", result.header().scheme().id());
                o.put("latentLayers", result.header().layerSizes());
                o.put("networkPasses", model.passes());
                o.put("seconds", result.seconds());
                o.put("imagesPerSecond", count / result.seconds());
                stdout.println(Configs.json()
                        .writer()
                        .withoutFeatures(tools.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(o));
            } else {
                stdout.printf(
                        "decompressed %d images of %s from %s -> %s (%s)%n",
                        count,
                        Arrays.toString(model.shape()),
                        in,
                        out,
                        switch (format) {
                            case NPY -> "NPY of unsigned bytes";
                            case IDX -> "IDX of unsigned bytes";
                            case PNG -> "one PNG";
                            case FOLDER -> "a folder of PNG files";
                        });
                stdout.printf(
                        "scheme    %s over %s%n",
                        result.header().scheme() == CodingScheme.BIT_SWAP ? "Bit-Swap" : "BB-ANS",
                        result.header().describeLayers());
                stdout.printf(
                        "time      %.1f s, %.1f images/s (one image at a time, %d libtorch thread)%n",
                        result.seconds(), count / result.seconds(), VaeCodingModel.THREADS);
            }
            stdout.flush();
        }
        return 0;
    }
}
