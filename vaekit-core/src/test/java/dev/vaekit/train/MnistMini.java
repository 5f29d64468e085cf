package dev.vaekit.train;

import dev.vaekit.data.Dataset;
import dev.vaekit.data.DatasetSplit;
import dev.vaekit.data.Datasets;

/** The embedded mnist-mini training images, loaded once for the tests that train. */
public final class MnistMini {
    private static DatasetSplit split;

    private MnistMini() {}

    /** @return training rows [from, to) of mnist-mini */
    public static synchronized Dataset rows(int from, int to) {
        if (split == null) {
            split = Datasets.load("mnist-mini", null);
        }
        return split.trainRows().slice(from, to);
    }
}
