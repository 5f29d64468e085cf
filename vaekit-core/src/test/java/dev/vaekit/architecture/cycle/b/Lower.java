package dev.vaekit.architecture.cycle.b;

import dev.vaekit.architecture.cycle.a.Upper;

/** The other half of the deliberate package cycle of ArchitectureTest. */
public final class Lower {
    private Lower() {}

    /** @return a value */
    public static int value() {
        return 1;
    }

    /** @return a value that depends back on the first package */
    public static int back() {
        return Upper.value();
    }
}
