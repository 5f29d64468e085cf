package dev.vaekit.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RansStackTest {
    private static final int[] PRECISIONS = {1, 2, 5, 8, 12, 16, 20, 24, 28, 30};

    private static final WordSource NO_WORDS = () -> {
        throw new AssertionError("the stack ran out");
    };

    /** A random frequency table under precision P: n symbols with positive frequencies summing to 2ᴾ. */
    private static int[] randomCumulative(Random random, int precision) {
        int total = 1 << precision;
        int n = 1 + random.nextInt(Math.min(total, 300));
        int[] cuts = new int[n + 1];
        cuts[n] = total;
        // n − 1 distinct cut points in (0, 2ᴾ), sorted: every frequency is at least 1
        java.util.TreeSet<Integer> points = new java.util.TreeSet<>();
        while (points.size() < n - 1) {
            // skew towards tiny frequencies now and then
            int cut = random.nextBoolean() ? 1 + random.nextInt(total - 1) : 1 + random.nextInt(Math.min(total - 1, 4));
            points.add(cut);
        }
        int i = 1;
        for (int p : points) {
            cuts[i++] = p;
        }
        return cuts;
    }

    @Test
    void randomSymbolsRoundTripUnderEveryPrecision() {
        Random random = new Random(1);
        for (int precision : PRECISIONS) {
            long initial = SeededWords.initialState(precision);
            RansStack message = RansStack.create(initial, NO_WORDS);
            int count = 2000;
            int[][] tables = new int[count][];
            int[] symbols = new int[count];
            for (int k = 0; k < count; k++) {
                tables[k] = randomCumulative(random, precision);
                symbols[k] = random.nextInt(tables[k].length - 1);
                int s = symbols[k];
                message.push(tables[k][s], tables[k][s + 1] - tables[k][s], precision);
            }
            for (int k = count - 1; k >= 0; k--) {
                int[] c = tables[k];
                int cf = message.peek(precision);
                int s = 0;
                while (c[s + 1] <= cf) {
                    s++;
                }
                assertThat(s).as("symbol %d at precision %d", k, precision).isEqualTo(symbols[k]);
                message.pop(c[s], c[s + 1] - c[s], precision);
            }
            assertThat(message.state()).isEqualTo(initial);
            assertThat(message.wordCount()).isZero();
        }
    }

    @Test
    void isAStackUnderInterleavedPushesAndPops() {
        Random random = new Random(2);
        RansStack message = RansStack.create(RansStack.LOWER, NO_WORDS);
        Deque<int[]> pushed = new ArrayDeque<>(); // {start, frequency, precision}
        for (int step = 0; step < 20_000; step++) {
            if (pushed.isEmpty() || random.nextInt(3) > 0) {
                int precision = PRECISIONS[random.nextInt(PRECISIONS.length)];
                int frequency = 1 + random.nextInt(1 << precision);
                int start = random.nextInt((1 << precision) - frequency + 1);
                message.push(start, frequency, precision);
                pushed.push(new int[] {start, frequency, precision});
            } else {
                int[] top = pushed.pop();
                int cf = message.peek(top[2]);
                assertThat(cf).isBetween(top[0], top[0] + top[1] - 1);
                message.pop(top[0], top[1], top[2]);
            }
        }
        while (!pushed.isEmpty()) {
            int[] top = pushed.pop();
            message.pop(top[0], top[1], top[2]);
        }
        assertThat(message.state()).isEqualTo(RansStack.LOWER);
        assertThat(message.wordCount()).isZero();
    }

    @Test
    void poppingThenPushingTheSameSymbolRestoresTheMessageExactly() {
        // the bits-back step: decode a symbol that was never encoded, then encode it back
        Random random = new Random(3);
        SeededWords seeded = SeededWords.afterInitialState(3);
        RansStack message = RansStack.create(SeededWords.initialState(3), seeded);
        for (int k = 0; k < 1000; k++) {
            message.push(random.nextInt(1 << 16), 1, 16); // fill with random content
        }
        for (int k = 0; k < 2000; k++) {
            int precision = PRECISIONS[1 + random.nextInt(PRECISIONS.length - 1)];
            int[] c = randomCumulative(random, precision);
            long state = message.state();
            int[] words = message.words();
            int cf = message.peek(precision);
            int s = 0;
            while (c[s + 1] <= cf) {
                s++;
            }
            message.pop(c[s], c[s + 1] - c[s], precision);
            message.push(c[s], c[s + 1] - c[s], precision);
            assertThat(message.state()).isEqualTo(state);
            assertThat(message.words()).isEqualTo(words);
        }
        assertThat(seeded.drawn()).isZero();
    }

    @Test
    void poppingFromRandomBitsDrawsSymbolsWithTheirProbabilities() {
        // frequencies 1/8, 1/4, 5/8 at precision 3; popped from a message whose words are seeded random bits
        int[] c = {0, 1, 3, 8};
        SeededWords seeded = SeededWords.afterInitialState(9);
        RansStack message = RansStack.create(SeededWords.initialState(9), seeded);
        int draws = 40_000;
        int[] counts = new int[3];
        for (int k = 0; k < draws; k++) {
            int cf = message.peek(3);
            int s = cf < 1 ? 0 : cf < 3 ? 1 : 2;
            counts[s]++;
            message.pop(c[s], c[s + 1] - c[s], 3);
        }
        double[] p = {1 / 8.0, 2 / 8.0, 5 / 8.0};
        for (int s = 0; s < 3; s++) {
            double sd = Math.sqrt(draws * p[s] * (1 - p[s]));
            assertThat((double) counts[s]).as("symbol %d", s).isCloseTo(draws * p[s], within(5 * sd));
        }
        // each pop took −log₂ p bits of content: about 40,000 · H(p) ≈ 52,000 bits, so about 1,600 words were drawn
        double entropy = 0;
        for (double q : p) {
            entropy -= q * Math.log(q) / Math.log(2);
        }
        assertThat(32.0 * seeded.drawn()).isCloseTo(draws * entropy, within(0.02 * draws * entropy + 64));
    }

    @Test
    void contentGrowsByTheIdealCodeLengthUpToATinyRounding() {
        Random random = new Random(4);
        for (int precision : new int[] {8, 16, 24, 30}) {
            RansStack message = RansStack.create(SeededWords.initialState(4), NO_WORDS);
            double before = message.contentBits();
            double ideal = 0;
            int count = 5000;
            for (int k = 0; k < count; k++) {
                int[] c = randomCumulative(random, precision);
                int s = random.nextInt(c.length - 1);
                int f = c[s + 1] - c[s];
                message.push(c[s], f, precision);
                ideal += precision - Math.log(f) / Math.log(2);
            }
            double overhead = message.contentBits() - before - ideal;
            // each push rounds x·2ᴾ/f to an integer near it: a relative error below f/x ≤ 2^(P−31) in the state
            double bound = count * Math.pow(2, precision - 31) / Math.log(2);
            assertThat(Math.abs(overhead)).as("precision %d", precision).isLessThanOrEqualTo(bound);
            assertThat(message.storedBits()).isEqualTo(64 + 32L * message.wordCount());
        }
    }

    @Test
    void aCertainSymbolChangesNothing() {
        RansStack message = RansStack.create(SeededWords.initialState(5), NO_WORDS);
        long state = message.state();
        message.push(0, 1 << 12, 12);
        assertThat(message.state()).isEqualTo(state);
        message.pop(0, 1 << 12, 12);
        assertThat(message.state()).isEqualTo(state);
    }

    @Test
    void restoreGivesTheSameMessage() {
        Random random = new Random(6);
        RansStack message = RansStack.create(SeededWords.initialState(6), NO_WORDS);
        for (int k = 0; k < 500; k++) {
            message.push(random.nextInt(1000), 1, 10);
        }
        RansStack copy = RansStack.restore(message.state(), message.words(), NO_WORDS);
        for (int k = 0; k < 500; k++) {
            int a = message.peek(10);
            int b = copy.peek(10);
            assertThat(b).isEqualTo(a);
            message.pop(a, 1, 10);
            copy.pop(b, 1, 10);
        }
        assertThat(copy.state()).isEqualTo(message.state());
    }

    @Test
    void anEmptyStackDrawsFromItsSourceAndADecodersSourceRefuses() {
        RansStack message = RansStack.create(RansStack.LOWER, () -> 0xCAFEBABE);
        message.pop(0, 1, 30); // x = 2³¹: x ⌊/2³⁰⌋ = 2 < L, so a word comes in
        assertThat(message.state()).isEqualTo((2L << 32) | 0xCAFEBABEL);
        RansStack decoder = RansStack.create(RansStack.LOWER, () -> {
            throw new IllegalStateException("out of words");
        });
        assertThatThrownBy(() -> decoder.pop(0, 1, 30)).hasMessage("out of words");
    }

    @Test
    void refusesInvalidSymbolsAndStates() {
        RansStack message = RansStack.create(RansStack.LOWER, NO_WORDS);
        assertThatThrownBy(() -> message.push(0, 1, 0)).hasMessageContaining("precision");
        assertThatThrownBy(() -> message.push(0, 1, 31)).hasMessageContaining("precision");
        assertThatThrownBy(() -> message.push(0, 0, 8)).hasMessageContaining("frequency");
        assertThatThrownBy(() -> message.push(200, 57, 8)).hasMessageContaining("start + frequency <= 2^8");
        assertThatThrownBy(() -> message.push(-1, 2, 8)).isInstanceOf(IllegalArgumentException.class);
        message.push(5, 3, 8);
        assertThatThrownBy(() -> message.pop(0, 5, 8)).hasMessageContaining("does not hold");
        assertThatThrownBy(() -> RansStack.create(RansStack.LOWER - 1, NO_WORDS))
                .hasMessageContaining("[2^31, 2^63)");
        assertThatThrownBy(() -> RansStack.restore(-1, new int[0], NO_WORDS)).hasMessageContaining("[2^31, 2^63)");
    }

    @Test
    void seededWordsFollowSplitMix64() {
        // SplitMix64 from seed 0: the first outputs as published with Vigna's reference implementation
        SeededWords words = new SeededWords(0);
        assertThat(Integer.toUnsignedLong(words.next())).isEqualTo(0xE220A839L);
        assertThat(Integer.toUnsignedLong(words.next())).isEqualTo(0x6E789E6AL);
        assertThat(SeededWords.initialState(0)).isEqualTo((1L << 62) | (0xE220A8397B1DCDAFL >>> 2));
        assertThat(SeededWords.afterInitialState(0).next()).isEqualTo(0x6E789E6A);
    }
}
