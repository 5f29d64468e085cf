package dev.vaekit.train;

import dev.vaekit.data.Dataset;
import dev.vaekit.data.Datasets;

/** The embedded mnist-mini training images, loaded once for the tests that train. */
public final class MnistMini {
    private static Dataset train;

    private MnistMini() {}

    /** @return training rows [from, to) of mnist-mini */
    public static synchronized Dataset rows(int from, int to) {
        if (train == null) {
            train = Datasets.load("mnist-mini", null).train().materialize("the tests", Integer.MAX_VALUE);
        }
        return train.slice(from, to);
    }
}
