package dev.vaekit.ui;

import dev.vaekit.train.Configs;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import tools.jackson.core.type.TypeReference;

/**
 * The run's training curves: the lines of {@code metrics.jsonl}, which the trainer appends one per epoch, read back as
 * a list or followed as server-sent events. Following polls the file every {@value #POLL_MILLIS} ms, so it works the
 * same for a trainer in this process ({@code vaekit train --serve}) and one in another ({@code vaekit serve} beside a
 * running {@code vaekit train}). Only whole lines are sent; a file that shrinks (the run folder was reused) starts over.
 */
final class MetricsStream {
    static final long POLL_MILLIS = 500;

    /** A comment line every this many polls keeps proxies and browsers from timing the stream out. */
    private static final int HEARTBEAT_POLLS = 30;

    /** A metrics file larger than this is not a vaekit one; the explorer stops reading it. */
    private static final long MAX_BYTES = 64L << 20;

    private static final TypeReference<Map<String, Object>> LINE = new TypeReference<>() {};

    private final Path file;
    private final ExplorerSession session;

    MetricsStream(Path runDir, ExplorerSession session) {
        this.file = runDir.resolve("metrics.jsonl");
        this.session = session;
    }

    /** @return every complete epoch line so far, parsed; lines that do not parse are skipped */
    List<Map<String, Object>> all() throws IOException {
        List<Map<String, Object>> epochs = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return epochs;
        }
        for (String line : complete(read(0))) {
            Map<String, Object> parsed = parse(line);
            if (parsed != null) {
                epochs.add(parsed);
            }
        }
        return epochs;
    }

    /**
     * Sends every epoch line as an {@code epoch} event, then new ones as they come, and a {@code checkpoint} event
     * whenever a new checkpoint is committed, until the client goes away or {@code stop} says so.
     */
    void follow(OutputStream out, BooleanSupplier stop) throws IOException {
        long offset = 0;
        String version = null;
        int quiet = 0;
        while (!stop.getAsBoolean()) {
            long size = Files.isRegularFile(file) ? Files.size(file) : 0;
            if (size < offset) {
                offset = 0;
                send(out, "reset", "{}");
            }
            if (size > offset && size <= MAX_BYTES) {
                String chunk = read(offset);
                int end = chunk.lastIndexOf('\n');
                if (end >= 0) {
                    String whole = chunk.substring(0, end + 1);
                    for (String line : complete(whole)) {
                        if (parse(line) != null) {
                            send(out, "epoch", line);
                        }
                    }
                    offset += whole.getBytes(StandardCharsets.UTF_8).length;
                    quiet = 0;
                }
            }
            String now = session.checkpointVersion();
            if (!now.equals(version)) {
                if (version != null) {
                    send(out, "checkpoint", Configs.toJson(Map.of("version", now)));
                }
                version = now;
            }
            if (++quiet >= HEARTBEAT_POLLS) {
                out.write(": alive\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                quiet = 0;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void send(OutputStream out, String event, String data) throws IOException {
        out.write(("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private String read(long from) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = Math.min(f.length(), MAX_BYTES);
            if (from >= length) {
                return "";
            }
            byte[] bytes = new byte[(int) (length - from)];
            f.seek(from);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static List<String> complete(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
            String line = text.substring(start, i).trim();
            if (!line.isEmpty()) {
                lines.add(line);
            }
            start = i + 1;
        }
        return lines;
    }

    private static Map<String, Object> parse(String line) {
        try {
            return Configs.json().readValue(line, LINE);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
