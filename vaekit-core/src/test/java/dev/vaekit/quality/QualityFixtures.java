package dev.vaekit.quality;

import dev.vaekit.data.DatasetSplit;
import dev.vaekit.data.Datasets;

/** Small labelled data sets for the sample-quality tests, cut from the embedded mnist-mini. */
final class QualityFixtures {
    private static DatasetSplit mini;

    private QualityFixtures() {}

    /** @return mnist-mini, loaded once */
    static synchronized DatasetSplit mnistMini() {
        if (mini == null) {
            mini = Datasets.load("mnist-mini", null);
        }
        return mini;
    }

    /**
     * @param train how many of mnist-mini's training images
     * @param test how many of its test images
     * @return the first ones of each, as labelled data
     */
    static LabelledData mnistMini(int train, int test) {
        DatasetSplit all = mnistMini();
        return LabelledData.of(
                "mnist-mini",
                new DatasetSplit(all.train().slice(0, train), all.test().slice(0, test)));
    }
}
