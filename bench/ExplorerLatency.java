import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Load for the explorer's decode requests on loopback, bounded in count and time: CLIENTS clients each send REQUESTS
 * decode requests at random points of [-3, 3]², one after another (keep-alive), after 200 warm-up requests. Prints
 * latency percentiles in milliseconds. Usage: java bench/ExplorerLatency.java BASE_URL REQUESTS CLIENTS
 */
public class ExplorerLatency {
    public static void main(String[] args) throws Exception {
        String base = args[0].replaceAll("/+$", "");
        int requests = Integer.parseInt(args[1]);
        int clients = Integer.parseInt(args[2]);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        run(http, base, 200, new SplittableRandom(1)); // warm-up: JIT, connection
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<List<Double>>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            SplittableRandom random = new SplittableRandom(100 + c);
            futures.add(pool.submit(() -> run(http, base, requests, random)));
        }
        List<Double> all = new ArrayList<>();
        for (Future<List<Double>> f : futures) {
            all.addAll(f.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        Collections.sort(all);
        System.out.printf(
                "decode requests: %d (%d clients x %d), %.0f per second; latency ms: p50 %.2f, p95 %.2f, p99 %.2f, max %.2f%n",
                all.size(), clients, requests, all.size() / seconds, pct(all, 50), pct(all, 95), pct(all, 99),
                all.get(all.size() - 1));
    }

    static List<Double> run(HttpClient http, String base, int n, SplittableRandom random) throws Exception {
        List<Double> times = new ArrayList<>(n);
        long deadline = System.nanoTime() + 120_000_000_000L;
        for (int i = 0; i < n && System.nanoTime() < deadline; i++) {
            String uri = String.format(
                    "%s/api/decode?u=%.4f&v=%.4f", base, random.nextDouble(-3, 3), random.nextDouble(-3, 3));
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = http.send(
                    HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            times.add((System.nanoTime() - t0) / 1e6);
            if (r.statusCode() != 200) {
                throw new IllegalStateException(uri + " -> " + r.statusCode() + " " + new String(r.body()));
            }
        }
        return times;
    }

    static double pct(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100 * sorted.size()) - 1));
    }
}
