package dev.vaekit.util;

/** Version strings recorded in manifests. */
public final class Versions {
    private Versions() {}

    /** @return vaekit's version, from the jar manifest, or "dev" when run from classes */
    public static String vaekit() {
        String v = Versions.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
