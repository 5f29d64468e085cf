package dev.vaekit.eval.disentanglement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MutualInformationTest {

    @Test
    void entropyOfEquallyFrequentLabelsIsTheLogOfTheirCount() {
        int[] labels = new int[120];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = 7 * (i % 8) - 3; // eight values, any integers
        }
        assertThat(MutualInformation.entropy(labels)).isCloseTo(Math.log(8), within(1e-12));
        assertThat(MutualInformation.entropy(new int[] {4, 4, 4})).isZero();
        // p = (1/2, 1/4, 1/4): H = 1.5 ln 2
        assertThat(MutualInformation.entropy(new int[] {0, 0, 1, 2})).isCloseTo(1.5 * Math.log(2), within(1e-12));
    }

    @Test
    void aVariableSharesItsEntropyWithItselfAndWithAnyRelabelling() {
        SplittableRandom random = new SplittableRandom(1);
        int[] x = new int[1000];
        int[] relabelled = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(6);
            relabelled[i] = 100 - 13 * x[i];
        }
        double h = MutualInformation.entropy(x);
        assertThat(MutualInformation.mutualInformation(x, x)).isCloseTo(h, within(1e-12));
        assertThat(MutualInformation.mutualInformation(x, relabelled)).isCloseTo(h, within(1e-12));
    }

    @Test
    void aFunctionOfAVariableSharesItsOwnEntropy() {
        SplittableRandom random = new SplittableRandom(2);
        int[] x = new int[2000];
        int[] parity = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(10);
            parity[i] = x[i] % 2;
        }
        // I(x; f(x)) = H(f(x)) − H(f(x) | x) = H(f(x))
        assertThat(MutualInformation.mutualInformation(x, parity))
                .isCloseTo(MutualInformation.entropy(parity), within(1e-12));
    }

    @Test
    void variablesOfAFullFactorialDesignShareNothing() {
        // every (a, b) pair equally often: the empirical joint is the product of its marginals
        int[] a = new int[4 * 7 * 3];
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = i % 4;
            b[i] = (i / 4) % 7;
        }
        assertThat(MutualInformation.mutualInformation(a, b)).isCloseTo(0, within(1e-12));
    }

    @Test
    void mutualInformationOfATwoByTwoTableMatchesItsClosedForm() {
        // joint (0,0) 3/8, (0,1) 1/8, (1,0) 1/8, (1,1) 3/8: I = Σ p log(p / ¼)
        int[] a = {0, 0, 0, 0, 1, 1, 1, 1};
        int[] b = {0, 0, 0, 1, 1, 1, 1, 0};
        double expected = 2 * 3.0 / 8 * Math.log(3.0 / 8 / 0.25) + 2 * 1.0 / 8 * Math.log(1.0 / 8 / 0.25);
        assertThat(MutualInformation.mutualInformation(a, b)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void histogramBinsFollowNumpysDigitizeOfHistogramEdges() {
        // edges 0, 0.25, 0.5, 0.75 (, 1): a value on an edge goes up, the maximum into the last bin
        double[] x = {0, 0.1, 0.25, 0.49, 0.5, 0.74, 0.75, 1};
        assertThat(MutualInformation.histogramBins(x, 4)).containsExactly(0, 0, 1, 1, 2, 2, 3, 3);
        // a constant: NumPy widens the range to c ± ½, so c sits on the middle edge
        assertThat(MutualInformation.histogramBins(new double[] {3, 3, 3}, 20)).containsExactly(10, 10, 10);
        // 40 evenly spaced values in 20 bins: two per bin
        double[] spaced = dev.vaekit.data.factors.Factor.linspace(0, 1, 40);
        int[] bins = MutualInformation.histogramBins(spaced, 20);
        for (int i = 0; i < 40; i++) {
            assertThat(bins[i]).isEqualTo(i / 2);
        }
    }
}
