package dev.vaekit.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The curves follow metrics.jsonl as the trainer appends to it: whole lines only, as server-sent events. */
class MetricsStreamTest {
    @TempDir
    Path runDir;

    private static String epoch(int n) {
        return "{\"epoch\":" + n + ",\"trainLoss\":" + (300.0 - n) + ",\"validationLoss\":\"NaN\"}\n";
    }

    /** A sink that collects what is sent, safe to read from another thread. */
    private static final class Sink extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** A guard against a hang, not a speed bound: polls end as soon as the text arrives, even on a loaded machine. */
    private static final long PATIENCE_SECONDS = 300;

    private static void waitFor(Sink sink, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (!sink.text().contains(expected) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(sink.text()).contains(expected);
    }

    @Test
    void epochsAreSentAsTheyAreWrittenAndATornLineWaits() throws Exception {
        Path file = runDir.resolve("metrics.jsonl");
        Files.writeString(file, epoch(1) + epoch(2));
        ExplorerSession session = new ExplorerSession(runDir, null, 10);
        MetricsStream stream = new MetricsStream(runDir, session);
        assertThat(stream.all()).hasSize(2);

        Sink sink = new Sink();
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> following = CompletableFuture.runAsync(() -> {
            try {
                stream.follow(sink, stop::get);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            waitFor(sink, "\"epoch\":2");
            assertThat(sink.text()).startsWith("event: epoch\ndata: {\"epoch\":1,");
            // half a line: not sent until it is whole
            String third = epoch(3);
            Files.writeString(file, third.substring(0, 10), StandardOpenOption.APPEND);
            Thread.sleep(3 * MetricsStream.POLL_MILLIS);
            assertThat(sink.text()).doesNotContain("\"epoch\":3");
            Files.writeString(file, third.substring(10), StandardOpenOption.APPEND);
            waitFor(sink, "data: {\"epoch\":3,\"trainLoss\":297.0");
            // a new run in the same folder: the stream starts over
            Files.writeString(file, epoch(1));
            waitFor(sink, "event: reset");
        } finally {
            stop.set(true);
            following.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        }
        assertThat(sink.text().split("event: epoch", -1)).hasSize(5); // epochs 1, 2, 3, then 1 again
    }

    @Test
    void aFolderWithoutMetricsHasNoEpochs() throws Exception {
        assertThat(new MetricsStream(runDir, new ExplorerSession(runDir, null, 10)).all())
                .isEmpty();
    }
}
