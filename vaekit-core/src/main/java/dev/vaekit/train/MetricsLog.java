package dev.vaekit.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/** Appends one JSON line per epoch to {@code metrics.jsonl} and reads the file back for plots. */
public final class MetricsLog implements TrainingListener {
    /** The file name inside a run folder. */
    public static final String FILE = "metrics.jsonl";

    private final Path file;

    /** @param runDir the run folder */
    public MetricsLog(Path runDir) {
        this.file = runDir.resolve(FILE);
    }

    @Override
    public void onTrainingStart(Trainer trainer) {
        // After a resume, drop lines of epochs the checkpoint does not hold (written just before a crash).
        int keep = trainer.state().epochsDone();
        List<EpochMetrics> kept =
                read(file).stream().filter(m -> m.epoch() <= keep).toList();
        StringBuilder sb = new StringBuilder();
        for (EpochMetrics m : kept) {
            sb.append(line(m));
        }
        dev.vaekit.util.AtomicFiles.writeString(file, sb.toString());
    }

    @Override
    public void onEpochEnd(Trainer trainer, EpochMetrics metrics, TrainerState state) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(
                    file, line(metrics), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    private static String line(EpochMetrics m) {
        ObjectMapper mapper = Configs.json();
        JsonNode node = mapper.valueToTree(m);
        return mapper.writer()
                        .withoutFeatures(tools.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(node)
                + "\n";
    }

    /**
     * @param file a metrics.jsonl file
     * @return its epochs; an absent file gives none, and a torn last line (a crash mid-write) is skipped
     */
    public static List<EpochMetrics> read(Path file) {
        List<EpochMetrics> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode node = Configs.json().readTree(line);
                    if (node instanceof ObjectNode object && !object.has("skippedSteps")) {
                        object.put("skippedSteps", 0); // written before vaekit counted skipped steps
                    }
                    out.add(Configs.parseJson(node.toString(), EpochMetrics.class, file.toString()));
                } catch (RuntimeException e) {
                    // a line torn by a crash: ignore it, the checkpoint decides what counts
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }
}
