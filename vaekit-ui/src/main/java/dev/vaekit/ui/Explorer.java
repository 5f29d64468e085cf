package dev.vaekit.ui;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vaekit.InvalidInputException;
import dev.vaekit.engine.Engines;
import dev.vaekit.train.Configs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;

/**
 * The local web explorer of one run folder: a page of plain HTML, CSS and JavaScript served from the class path, and a
 * small JSON API behind it (the JDK's own HTTP server; no framework). Start it with {@link #start}, stop it with
 * {@link #close}.
 *
 * <p>Security, in the order a request meets it: only GET and HEAD; a request line of at most {@value #MAX_URI}
 * characters; a Host header naming this server (against DNS rebinding, a web page elsewhere must not reach it through
 * a name of its own; any name when bound to every interface, where the token defends); the access token when the explorer listens beyond loopback (given once as {@code ?token=}, then
 * kept in an HttpOnly, SameSite=Strict cookie; compared in constant time); then a fixed set of routes: the three page
 * files by name and the API, so no path reaches the file system, and nothing but the run folder given at start is
 * read. Every API parameter is checked by {@link Query}: unknown names, repeats, non-numbers and values out of range
 * are refused with 400 and one line of JSON.
 */
public final class Explorer implements AutoCloseable {
    static final int MAX_URI = 2048;

    /** Server-sent-event streams open at once, at most. */
    static final int MAX_STREAMS = 8;

    private static final String COOKIE = "vaekit_token";

    private static final Map<String, String> PAGE_FILES = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/app.js", "app.js",
            "/app.css", "app.css");

    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8");

    private static final ObjectWriter COMPACT = Configs.json().writer().without(SerializationFeature.INDENT_OUTPUT);

    private final ExplorerConfig config;
    private final ExplorerSession session;
    private final HttpServer server;
    private final ExecutorService workers;
    private final String token;
    private final Set<String> authorities;
    private final Semaphore streams = new Semaphore(MAX_STREAMS);
    private final MetricsStream metrics;
    private final boolean anyHost;
    private volatile boolean closed;

    private Explorer(ExplorerConfig config, ExplorerSession session, HttpServer server, ExecutorService workers) {
        this.config = config;
        this.session = session;
        this.server = server;
        this.workers = workers;
        this.token = config.tokenRequired() ? newToken() : null;
        int port = server.getAddress().getPort();
        this.authorities = new HashSet<>(List.of(
                "127.0.0.1:" + port,
                "localhost:" + port,
                "[::1]:" + port,
                hostForUrl(config.host()).toLowerCase(Locale.ROOT) + ":" + port));
        this.metrics = new MetricsStream(config.runDir(), session);
        // bound to every interface, the explorer is reached by names it cannot know; the token is the defence then
        this.anyHost = config.address().isAnyLocalAddress();
    }

    /**
     * Loads the run (if it has a checkpoint yet) and starts serving.
     *
     * @param config settings
     * @return the running explorer
     * @throws InvalidInputException if the run cannot be shown or the port is taken
     */
    public static Explorer start(ExplorerConfig config) {
        java.net.InetAddress address = config.address(); // an unknown host fails before the model loads
        ExplorerSession session = new ExplorerSession(config.runDir(), config.dataDir(), config.maxPoints());
        session.open();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, config.port()), 32);
        } catch (BindException e) {
            session.close();
            throw new InvalidInputException("cannot listen on " + config.host() + ":" + config.port() + " ("
                    + e.getMessage() + "); pass another --port");
        } catch (IOException e) {
            session.close();
            throw new InvalidInputException("cannot start the explorer: " + e.getMessage());
        }
        AtomicInteger counter = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(MAX_STREAMS + 8, r -> {
            Thread t = new Thread(r, "vaekit-explorer-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Explorer explorer = new Explorer(config, session, server, workers);
        server.createContext("/", explorer::handle);
        server.setExecutor(workers);
        server.start();
        return explorer;
    }

    /** @return the port the explorer listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return the address to open, with the access token when one is needed */
    public URI url() {
        return URI.create(
                "http://" + hostForUrl(config.host()) + ":" + port() + "/" + (token == null ? "" : "?token=" + token));
    }

    /** An IPv6 literal in brackets, as URLs and Host headers write it. */
    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            Engines.disableGradOnThisThread();
            try {
                route(exchange);
            } catch (HttpError e) {
                sendJson(exchange, e.status(), Map.of("error", e.getMessage()));
            } catch (InvalidInputException e) {
                sendJson(exchange, 400, Map.of("error", e.getMessage()));
            } catch (IOException e) {
                // the client went away; nothing to answer
            } catch (RuntimeException e) {
                System.err.println(
                        "vaekit explorer: " + exchange.getRequestURI().getPath() + ": " + e);
                sendJson(
                        exchange,
                        500,
                        Map.of("error", "internal error: " + e.getClass().getSimpleName()));
            }
        } catch (IOException ignored) {
            // could not even send the error: the connection is gone
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            throw new HttpError(405, "only GET and HEAD are served");
        }
        String raw = exchange.getRequestURI().getRawPath() + "?"
                + exchange.getRequestURI().getRawQuery();
        if (raw.length() > MAX_URI) {
            throw new HttpError(414, "request line longer than " + MAX_URI + " characters");
        }
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null || !(anyHost || authorities.contains(host.toLowerCase(Locale.ROOT)))) {
            throw new HttpError(403, "unexpected Host header; open the explorer by the address it printed");
        }
        Query query = Query.parse(exchange.getRequestURI().getRawQuery());
        authorize(exchange, query);
        String path = exchange.getRequestURI().getRawPath();
        String file = PAGE_FILES.get(path);
        if (file != null) {
            query.only();
            sendPageFile(exchange, file);
            return;
        }
        switch (path) {
            case "/api/info" -> {
                query.only();
                sendJson(exchange, 200, session.info());
            }
            case "/api/metrics" -> {
                query.only();
                sendJson(exchange, 200, Map.of("epochs", metrics.all()));
            }
            case "/api/events" -> {
                query.only();
                stream(exchange);
            }
            case "/api/points" -> {
                query.only();
                sendJson(exchange, 200, session.points());
            }
            case "/api/example" -> {
                int index = query.integer("index", 0, Integer.MAX_VALUE, null);
                query.only("index");
                sendJson(exchange, 200, session.example(index));
            }
            case "/api/decode" -> {
                double u = query.number("u", -1000, 1000, null);
                double v = query.number("v", -1000, 1000, null);
                int around = query.integer("around", -1, Integer.MAX_VALUE, -1);
                query.only("u", "v", "around");
                sendJson(exchange, 200, session.decode(u, v, around));
            }
            case "/api/interpolate" -> {
                int from = query.integer("from", 0, Integer.MAX_VALUE, null);
                int to = query.integer("to", 0, Integer.MAX_VALUE, null);
                int steps = query.integer("steps", 2, 32, 10);
                boolean spherical = query.integer("spherical", 0, 1, 0) == 1;
                query.only("from", "to", "steps", "spherical");
                sendJson(exchange, 200, Map.of("images", session.interpolate(from, to, steps, spherical)));
            }
            case "/api/samples" -> {
                int n = query.integer("n", 1, 64, 16);
                double temperature = query.number("temperature", 0.05, 3, 1.0);
                long seed = query.integer("seed", 0, Integer.MAX_VALUE, 0);
                query.only("n", "temperature", "seed");
                sendJson(exchange, 200, Map.of("images", session.samples(n, temperature, seed)));
            }
            case "/api/traversal" -> {
                int examples = query.integer("examples", 1, 8, 2);
                int steps = query.integer("steps", 2, 15, 7);
                query.only("examples", "steps");
                sendJson(exchange, 200, session.traversal(examples, steps));
            }
            case "/api/anomalies" -> {
                int n = query.integer("n", 1, 64, 12);
                query.only("n");
                sendJson(exchange, 200, session.anomalies(n));
            }
            default -> throw new HttpError(404, "not found");
        }
    }

    /** Requires the token beyond loopback; a valid {@code ?token=} is remembered in a cookie for the page's own requests. */
    private void authorize(HttpExchange exchange, Query query) {
        if (token == null) {
            query.ignore("token");
            return;
        }
        String given = query.text("token");
        if (given != null && matches(given)) {
            exchange.getResponseHeaders()
                    .add("Set-Cookie", COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict");
            return;
        }
        List<String> cookies = exchange.getRequestHeaders().get("Cookie");
        if (cookies != null) {
            for (String header : cookies) {
                for (String part : header.split(";")) {
                    String c = part.trim();
                    if (c.startsWith(COOKIE + "=") && matches(c.substring(COOKIE.length() + 1))) {
                        return;
                    }
                }
            }
        }
        throw new HttpError(401, "this explorer listens beyond loopback: open the address with ?token= it printed");
    }

    private boolean matches(String given) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    private void stream(HttpExchange exchange) throws IOException {
        if (!streams.tryAcquire()) {
            throw new HttpError(503, "too many open event streams (at most " + MAX_STREAMS + ")");
        }
        try {
            Headers headers = exchange.getResponseHeaders();
            securityHeaders(headers);
            headers.set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.sendResponseHeaders(200, 0);
            if (exchange.getRequestMethod().equals("HEAD")) {
                return;
            }
            try (OutputStream out = exchange.getResponseBody()) {
                metrics.follow(out, () -> closed);
            }
        } finally {
            streams.release();
        }
    }

    private void sendPageFile(HttpExchange exchange, String name) throws IOException {
        byte[] body;
        try (InputStream in = Explorer.class.getResourceAsStream("static/" + name)) {
            if (in == null) {
                throw new HttpError(404, "not found");
            }
            body = in.readAllBytes();
        }
        String ext = name.substring(name.lastIndexOf('.') + 1);
        send(exchange, 200, CONTENT_TYPES.get(ext), body);
    }

    private static void sendJson(HttpExchange exchange, int status, Object value) throws IOException {
        byte[] body = COMPACT.writeValueAsBytes(value);
        send(exchange, status, "application/json; charset=utf-8", body);
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        securityHeaders(headers);
        headers.set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void securityHeaders(Headers headers) {
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Cache-Control", "no-store");
        headers.set(
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        workers.shutdownNow();
        session.close();
    }
}
