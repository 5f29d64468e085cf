package dev.vaekit.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A bare HTTP/1.1 client over a socket, so that tests control every byte of the request (the JDK's client refuses to
 * set a Host header, for one).
 */
final class Http {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A response: status, headers (lower-case names; the last value of each), body. */
    record Response(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private Http() {}

    /** A GET that must succeed with JSON; its body parsed. */
    static JsonNode json(int port, String target) {
        Response r = get(port, target);
        assertThat(r.status()).as("%s: %s", target, r.body()).isEqualTo(200);
        assertThat(r.headers().get("content-type")).startsWith("application/json");
        return r.json();
    }

    /** The pixel values of an image the API returned. */
    static List<Integer> pixels(JsonNode image) {
        List<Integer> out = new ArrayList<>();
        image.get("pixels").forEach(p -> out.add(p.asInt()));
        return out;
    }

    static Response get(int port, String target) {
        return request(port, "GET", target, "127.0.0.1:" + port, Map.of());
    }

    static Response request(int port, String method, String target, String host, Map<String, String> headers) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            StringBuilder b = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
            if (host != null) {
                b.append("Host: ").append(host).append("\r\n");
            }
            headers.forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
            b.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(b.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return parse(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Response parse(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        int split = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        String head = new String(all, 0, split, StandardCharsets.ISO_8859_1);
        byte[] body = Arrays.copyOfRange(all, split + 4, all.length);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] unchunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
        int at = 0;
        while (at < body.length) {
            int eol = indexOf(body, crlf, at);
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(new String(body, at, eol - at, StandardCharsets.US_ASCII).trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(body, eol + 2, Math.min(size, body.length - eol - 2));
            at = eol + 2 + size + 2;
        }
        return out.toByteArray();
    }
}
