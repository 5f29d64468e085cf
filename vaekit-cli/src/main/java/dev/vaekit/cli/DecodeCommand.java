package dev.vaekit.cli;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.TableSchema;
import dev.vaekit.io.LatentFiles;
import dev.vaekit.latent.LatentCodes;
import dev.vaekit.latent.LatentSpace;
import dev.vaekit.models.Autoencoder;
import dev.vaekit.util.AtomicFiles;
import dev.vaekit.viz.ImageGrid;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vaekit decode}: latent codes from a file to mean images. */
@Command(
        name = "decode",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Decode latent codes (CSV or NPY, as 'encode' writes them) to the mean images E[x|z]: a PNG "
                + "grid, and/or one row of values per code with --rows.")
final class DecodeCommand extends RunCommand {
    /** More codes than this do not make a readable picture. */
    static final int MAX_IMAGES = 10_000;

    @Option(
            names = {"-i", "--in"},
            paramLabel = "LATENTS",
            required = true,
            description = "Codes: a .csv (header z0,...,z{d-1}[,label]; one row per code) or a float32/float64 .npy "
                    + "of shape (n, d).")
    Path in;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "PNG",
            description = "Image grid (default RUN/decoded.png when --rows is not given).")
    Path out;

    @Option(
            names = "--rows",
            paramLabel = "FILE",
            description = "Also (or only) write the decoded values, one row per code: FILE.csv (columns x0...) or "
                    + "FILE.npy. For a model of a table, FILE.csv has the table's columns in their own units: numbers "
                    + "un-standardised, and the most probable value of binary and categorical columns.")
    Path rows;

    @Option(names = "--columns", paramLabel = "C", description = "Images per row (default ${DEFAULT-VALUE}).")
    int columns = 8;

    @Override
    public Integer call() {
        if (columns < 1) {
            throw new InvalidInputException("--columns must be >= 1, got " + columns);
        }
        LatentFiles.Format.of(in);
        if (rows != null) {
            LatentFiles.Format.of(rows);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        try (LoadedRun loaded = load()) {
            Autoencoder model = loaded.model();
            TableSchema schema = loaded.checkpoint.config().data().schema();
            if (schema != null && (rows == null || out != null)) {
                throw new InvalidInputException(
                        "a model of a table decodes to rows, not pictures: pass --rows FILE.csv and no -o");
            }
            Path png = out != null ? out : rows == null ? run.resolve("decoded.png") : null;
            LatentCodes codes = LatentFiles.read(in, model.config().latentDim());
            if (png != null && codes.size() > MAX_IMAGES) {
                throw new InvalidInputException(in + ": " + codes.size() + " codes are too many for one picture (at"
                        + " most " + MAX_IMAGES + "); use --rows without -o");
            }
            float[] means = LatentSpace.decodeMeans(model, codes.values());
            if (schema != null && LatentFiles.Format.of(rows) == LatentFiles.Format.CSV) {
                AtomicFiles.writeString(rows, schema.decodeCsv(means, codes.size()));
                stdout.println("wrote " + rows);
            } else if (rows != null) {
                LatentFiles.writeRows(rows, "x", means, model.config().inputDim(), codes.labels());
                stdout.println("wrote " + rows);
            }
            if (png != null) {
                List<Integer> shape = model.config().inputShape();
                ImageGrid.write(means, shape.get(0), shape.get(1), shape.get(2), columns, 2, png);
                stdout.println("wrote " + png);
            }
            stdout.printf("decoded %d codes from %s%n", codes.size(), in);
            stdout.flush();
        }
        return 0;
    }
}
