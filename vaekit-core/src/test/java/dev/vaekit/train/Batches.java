package dev.vaekit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;

/** A batch assembled on the calling thread, as the tests of the assembler and of its prefetcher need it. */
final class Batches {
    private Batches() {}

    /** @return the rows {@code order[from..to)}, filled into the assembler's buffer and wrapped as a tensor */
    static NDArray filled(
            BatchAssembler assembler, NDManager manager, int[] order, int from, int to, SplittableRandom noise) {
        assembler.fill(order, from, to, noise);
        return assembler.wrap(manager, to - from);
    }
}
