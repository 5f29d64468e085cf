package dev.vaekit.architecture.cycle.a;

import dev.vaekit.architecture.cycle.b.Lower;

/** Half of a deliberate package cycle: ArchitectureTest shows that its rule reports it. */
public final class Upper {
    private Upper() {}

    /** @return a value that depends on the other package */
    public static int value() {
        return Lower.value() + 1;
    }
}
