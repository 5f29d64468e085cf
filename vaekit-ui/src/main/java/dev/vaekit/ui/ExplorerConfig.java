package dev.vaekit.ui;

import dev.vaekit.InvalidInputException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * Settings of the explorer, validated on construction.
 *
 * @param runDir the run folder to show; nothing else on disk is ever read for a request
 * @param dataDir dataset folder, or null for the default search
 * @param host address to bind: loopback by default; any other address makes the explorer require an access token
 * @param port TCP port, 0 for any free one
 * @param maxPoints test images shown on the latent map, 1 to {@value #MAX_POINTS}
 */
public record ExplorerConfig(Path runDir, Path dataDir, String host, int port, int maxPoints) {
    /** The default address: loopback only. */
    public static final String LOOPBACK = "127.0.0.1";

    /** The default port. */
    public static final int DEFAULT_PORT = 8731;

    /** Most test images on the latent map. */
    public static final int MAX_POINTS = 10_000;

    /** The default number of test images on the latent map. */
    public static final int DEFAULT_POINTS = 2000;

    public ExplorerConfig {
        if (runDir == null) {
            throw new InvalidInputException("the explorer needs a run folder");
        }
        if (host == null || host.isBlank()) {
            throw new InvalidInputException("--host must name an address, e.g. 127.0.0.1");
        }
        if (port < 0 || port > 65_535) {
            throw new InvalidInputException("--port must be in [0, 65535], got " + port);
        }
        if (maxPoints < 1 || maxPoints > MAX_POINTS) {
            throw new InvalidInputException("--points must be in [1, " + MAX_POINTS + "], got " + maxPoints);
        }
    }

    /** The defaults for a run folder: loopback, the default port and number of points. */
    public static ExplorerConfig of(Path runDir) {
        return new ExplorerConfig(runDir, null, LOOPBACK, DEFAULT_PORT, DEFAULT_POINTS);
    }

    /** @return a copy listening on another port */
    public ExplorerConfig withPort(int newPort) {
        return new ExplorerConfig(runDir, dataDir, host, newPort, maxPoints);
    }

    /**
     * @return the address to bind
     * @throws InvalidInputException if the host name does not resolve
     */
    InetAddress address() {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new InvalidInputException("--host " + host + ": unknown host");
        }
    }

    /** @return whether requests must carry the access token: whenever the explorer listens beyond loopback */
    boolean tokenRequired() {
        return !address().isLoopbackAddress();
    }
}
