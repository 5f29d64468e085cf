package dev.vaekit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vaekit.InvalidInputException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BinarizationTest {

    @Test
    void parsesNamesInAnyCase() {
        assertThat(Binarization.parse("none")).isEqualTo(Binarization.NONE);
        assertThat(Binarization.parse("Static")).isEqualTo(Binarization.STATIC);
        assertThat(Binarization.parse(" DYNAMIC ")).isEqualTo(Binarization.DYNAMIC);
        assertThat(Binarization.DYNAMIC.id()).isEqualTo("dynamic");
    }

    @Test
    void unknownNameListsTheChoices() {
        assertThatThrownBy(() -> Binarization.parse("stochastic"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("binarization: expected one of none, static, dynamic, found 'stochastic'");
        assertThatThrownBy(() -> Binarization.parse(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void sampleIsDeterministicPerSeed() {
        float[] p = new float[1000];
        Arrays.fill(p, 0.5f);

        float[] a = Binarization.sample(p, 42);
        float[] b = Binarization.sample(p, 42);
        float[] c = Binarization.sample(p, 43);

        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
        for (float x : a) {
            assertThat(x).isIn(0f, 1f);
        }
    }

    @Test
    void sampleMeanMatchesProbability() {
        float[] p = new float[200_000];
        for (int i = 0; i < p.length; i++) {
            p[i] = (i % 2 == 0) ? 0.2f : 0.7f;
        }

        float[] x = Binarization.sample(p, 7);

        double even = 0;
        double odd = 0;
        for (int i = 0; i < x.length; i++) {
            if (i % 2 == 0) {
                even += x[i];
            } else {
                odd += x[i];
            }
        }
        // Standard error is about 0.0013; allow 5 of them.
        assertThat(even / (p.length / 2)).isCloseTo(0.2, within(0.007));
        assertThat(odd / (p.length / 2)).isCloseTo(0.7, within(0.007));
    }

    @Test
    void certainProbabilitiesGiveCertainValues() {
        float[] x = Binarization.sample(new float[] {0f, 1f, 0f, 1f}, 1);

        assertThat(x).containsExactly(0f, 1f, 0f, 1f);
    }

    @Test
    void sampleDatasetKeepsShapeLabelsAndName() {
        Dataset d = new Dataset("d", new float[] {0f, 1f, 0.5f, 0.5f}, new int[] {3, 4}, 1, 1, 2);

        Dataset s = Binarization.sample(d, 5);

        assertThat(s.name()).isEqualTo("d");
        assertThat(s.labels()).containsExactly(3, 4);
        assertThat(s.width()).isEqualTo(2);
        assertThat(s.features()[0]).isZero();
        assertThat(s.features()[1]).isEqualTo(1f);
        // each row has its own stream: row 1 binarised alone, as row 1 of the whole, comes out the same
        Dataset second = Binarization.sample(d.slice(1, 2), 5, 1);
        assertThat(second.features()).containsExactly(s.features()[2], s.features()[3]);
    }

    @Test
    void aRowsDrawsDependOnItsIndexNotOnItsNeighbours() {
        float[] half = new float[64 * 10];
        java.util.Arrays.fill(half, 0.5f);
        Dataset d = new Dataset("d", half, null, 1, 1, 64);

        Dataset whole = Binarization.sample(d, 9);
        Dataset tail = Binarization.sample(d.slice(4, 10), 9, 4);
        Dataset shifted = Binarization.sample(d.slice(4, 10), 9, 0);

        assertThat(tail.features()).isEqualTo(java.util.Arrays.copyOfRange(whole.features(), 4 * 64, 10 * 64));
        assertThat(shifted.features()).isNotEqualTo(tail.features());
    }
}
