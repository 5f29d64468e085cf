package dev.vaekit.compress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The point of Bit-Swap (Kingma, Abbeel &amp; Ho 2019, section 3): the first example needs fewer initial bits than
 * with BB-ANS over the same layers, which pops every layer before it pushes anything. Measured from {@link
 * CompressionReport#initialBits} on the first example alone, with the identities that bound it:
 *
 * <ul>
 *   <li>BB-ANS: every bit the first example's pops took came from the initial bits, and what is left of them after
 *       the pops is the state's content, log₂ x ∈ [31, 63): initial bits − bits back ∈ [31, 63];
 *   <li>Bit-Swap: the pops after the first take their bits from what the example pushed before them (x, then each
 *       layer below), so the initial bits are less than all the bits back plus 31.
 * </ul>
 */
class BitSwapInitialBitsTest {
    private static CompressionReport first(LatentChainModel model, CodingScheme scheme, int[] example) {
        return BitSwapRoundTripTest.compress(model, BbAnsSettings.DEFAULT, scheme, List.of(example))
                .report();
    }

    @Test
    void bitSwapNeedsFewerInitialBitsThanBbAnsForTheFirstExample() {
        int[][] layers = {{6, 6}, {8, 4, 2}, {5, 5, 5, 5}};
        for (int[] sizes : layers) {
            ChainToyModel model = new ChainToyModel(sizes, 100, sizes.length);
            for (int[] example : model.sample(5, 17)) {
                CompressionReport bitSwap = first(model, CodingScheme.BIT_SWAP, example);
                CompressionReport bbAns = first(model, CodingScheme.BB_ANS, example);
                String as = java.util.Arrays.toString(sizes);
                assertThat(bbAns.initialBits() - bbAns.exampleBitsBack()[0])
                        .as(as)
                        .isBetween(31 - 1e-6, 63 + 1e-6);
                assertThat(bitSwap.initialBits()).as(as).isLessThan(bitSwap.exampleBitsBack()[0] + 31);
                assertThat(bitSwap.initialBits()).as(as).isLessThan(bbAns.initialBits());
            }
        }
    }

    @Test
    void withOneLayerBothNeedTheSameInitialBits() {
        ToyModel single = new ToyModel(ToyModel.Kind.BERNOULLI, 6, 30, 2, 4);
        for (int[] example : single.sample(3, 5)) {
            CompressionReport bitSwap = first(LatentChainModel.oneLayer(single), CodingScheme.BIT_SWAP, example);
            CompressionReport bbAns = first(LatentChainModel.oneLayer(single), CodingScheme.BB_ANS, example);
            assertThat(bitSwap.initialBits()).isEqualTo(bbAns.initialBits());
        }
    }
}
