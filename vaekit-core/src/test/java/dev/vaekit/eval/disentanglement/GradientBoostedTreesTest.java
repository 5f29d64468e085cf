package dev.vaekit.eval.disentanglement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GradientBoostedTreesTest {

    private static final GradientBoostedTrees.Settings ONE_STUMP = new GradientBoostedTrees.Settings(1, 1, 1.0);

    @Test
    void oneStumpOnTwoClassesTakesTheNewtonStepOfTheBinomialDeviance() {
        // balanced classes: log-odds 0, p = ½; each pure leaf: Σ r / Σ p(1 − p) = (m · ½) / (m · ¼) = ±2
        double[][] x = {{0.1}, {0.2}, {0.3}, {0.7}, {0.8}, {0.9}};
        int[] y = {5, 5, 5, 9, 9, 9};
        GradientBoostedTrees model = GradientBoostedTrees.fit(x, y, ONE_STUMP, 0);
        assertThat(model.decisionFunction(new double[] {0.0})).containsExactly(-2.0);
        assertThat(model.decisionFunction(new double[] {1.0})).containsExactly(2.0);
        // the cut lies halfway between 0.3 and 0.7
        assertThat(model.predict(new double[] {0.49})).isEqualTo(5);
        assertThat(model.predict(new double[] {0.51})).isEqualTo(9);
        assertThat(model.classes()).containsExactly(5, 9);
        assertThat(model.featureImportances()).containsExactly(1.0);
    }

    @Test
    void oneStumpOnThreeClassesTakesTheNewtonStepOfTheMultinomialDeviance() {
        // equal priors: raw scores start at ln ⅓, p = ⅓. Class 0's stump cuts {0} from {1, 2}: residuals ⅔ and −⅓,
        // Σ p(1 − p) = 2/9 per example, and the leaves get (K − 1)/K · Σ r / Σ p(1 − p) = ⅔ · (⅔ / (2/9)) = 2 and
        // ⅔ · (−⅓ / (2/9)) = −1
        double[][] x = new double[30][];
        int[] y = new int[30];
        for (int i = 0; i < 30; i++) {
            y[i] = i % 3;
            x[i] = new double[] {y[i]};
        }
        GradientBoostedTrees model = GradientBoostedTrees.fit(x, y, ONE_STUMP, 0);
        double[] atZero = model.decisionFunction(new double[] {0});
        double[] atTwo = model.decisionFunction(new double[] {2});
        double start = Math.log(1.0 / 3);
        assertThat(atZero[0]).isCloseTo(start + 2, within(1e-12));
        assertThat(atTwo[0]).isCloseTo(start - 1, within(1e-12));
        // class 2 is the mirror image
        assertThat(atTwo[2]).isCloseTo(start + 2, within(1e-12));
        assertThat(atZero[2]).isCloseTo(start - 1, within(1e-12));
    }

    @Test
    void importancesGoToTheInformativeFeature() {
        SplittableRandom random = new SplittableRandom(4);
        int n = 600;
        double[][] x = new double[n][3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(4);
            x[i][0] = random.nextDouble();
            x[i][1] = y[i] + 0.3 * random.nextDouble(); // separates the classes
            x[i][2] = random.nextDouble();
        }
        GradientBoostedTrees model = GradientBoostedTrees.fit(x, y, new GradientBoostedTrees.Settings(20, 3, 0.1), 1);
        double[] importance = model.featureImportances();
        assertThat(importance[0] + importance[1] + importance[2]).isCloseTo(1, within(1e-12));
        assertThat(importance[1]).isGreaterThan(0.9);
        assertThat(model.accuracy(x, y)).isEqualTo(1.0);
    }

    @Test
    void equalFeaturesShareTheSplitsAtRandomAndTheSeedFixesHow() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 400;
        double[][] x = new double[n][3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(3);
            x[i][0] = y[i] + 0.5 * random.nextDouble();
            x[i][1] = x[i][0];
            x[i][2] = random.nextDouble();
        }
        GradientBoostedTrees.Settings settings = new GradientBoostedTrees.Settings(30, 2, 0.1);
        double[] importance = GradientBoostedTrees.fit(x, y, settings, 7).featureImportances();
        // scikit-learn visits features in a random order per node, so equal features split the credit
        assertThat(importance[0]).isBetween(0.3, 0.7);
        assertThat(importance[1]).isBetween(0.3, 0.7);
        assertThat(GradientBoostedTrees.fit(x, y, settings, 7).featureImportances())
                .containsExactly(importance);
        assertThat(GradientBoostedTrees.fit(x, y, settings, 8).featureImportances())
                .isNotEqualTo(importance);
    }

    @Test
    void aSingleClassIsPredictedWithoutTrees() {
        double[][] x = {{1}, {2}, {3}};
        GradientBoostedTrees model =
                GradientBoostedTrees.fit(x, new int[] {4, 4, 4}, GradientBoostedTrees.Settings.defaults(), 0);
        assertThat(model.predict(new double[] {10})).isEqualTo(4);
        assertThat(model.featureImportances()).containsExactly(0.0);
    }

    @Test
    void aNodeWithoutADistinctCutStaysALeaf() {
        // no feature separates these rows: single-precision neighbours 6e-8 apart count as equal
        double next = Math.nextUp(0.5f);
        double[][] x = {{0.5}, {next}, {0.5}, {next}};
        int[] y = {0, 1, 0, 1};
        GradientBoostedTrees model = GradientBoostedTrees.fit(x, y, ONE_STUMP, 0);
        assertThat(model.featureImportances()).containsExactly(0.0);
        assertThat(model.decisionFunction(new double[] {0.5})).containsExactly(0.0);
        // 2e-7 apart they are cut
        double[][] apart = {{0.5}, {0.5000002}, {0.5}, {0.5000002}};
        assertThat(GradientBoostedTrees.fit(apart, y, ONE_STUMP, 0).featureImportances())
                .containsExactly(1.0);
    }
}
