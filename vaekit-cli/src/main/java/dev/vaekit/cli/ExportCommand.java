package dev.vaekit.cli;

import dev.vaekit.InvalidInputException;
import dev.vaekit.io.OnnxExport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vaekit export}: the trained encoder and decoder as ONNX graphs. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Write the model's encoder and decoder as ONNX graphs: encoder.onnx (x -> mu, logvar) and "
                + "decoder.onnx (z -> mean = E[x|z], plus logits for a Bernoulli decoder), batch dimension symbolic.")
final class ExportCommand extends RunCommand {

    @Option(names = "--format", paramLabel = "FORMAT", description = "Only onnx for now (default ${DEFAULT-VALUE}).")
    String format = "onnx";

    @Option(
            names = {"-o", "--out"},
            paramLabel = "DIR",
            description =
                    "Output folder (default RUN/onnx), created if needed; encoder.onnx and decoder.onnx in it are "
                            + "replaced, other files left alone.")
    Path out;

    @Override
    public Integer call() {
        if (!format.toLowerCase(Locale.ROOT).equals("onnx")) {
            throw new InvalidInputException("--format must be onnx, got '" + format + "'");
        }
        Path target = out != null ? out : run.resolve("onnx");
        List<OnnxExport.Exported> files;
        try (LoadedRun loaded = load()) {
            files = OnnxExport.write(loaded.model(), target);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        for (OnnxExport.Exported file : files) {
            stdout.println("wrote " + file.file() + "  " + file.signature());
        }
        stdout.flush();
        return 0;
    }
}
