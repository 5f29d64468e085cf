package dev.vaekit.flows;

import dev.vaekit.nn.Parameters;
import java.util.ArrayList;
import java.util.List;

/**
 * The vector flow architectures, each a {@link FlowSequence} whose parameters are created under a prefix. They work
 * on (batch, d) and suit 2-D toy densities as well as flattened images or tables. Each names the base density it is
 * meant for; the caller pairs them.
 */
public final class VectorFlows {
    /** NICE's number of coupling layers (Dinh et al. 2015, §5.1). */
    public static final int NICE_COUPLINGS = 4;

    private VectorFlows() {}

    /**
     * NICE (Dinh et al. 2015, §5.1): {@value #NICE_COUPLINGS} additive couplings alternating the even and odd
     * features, then a {@link DiagonalScaling}. Use it with a {@link StandardLogisticBase}. The paper's MNIST
     * conditioners have five hidden ReLU layers of 1000 units.
     *
     * @param params where the parameters are created
     * @param prefix their name prefix: {@code <prefix>.<k>.*} for coupling k, {@code <prefix>.scaling.*}
     * @param dim d, at least 2
     * @param hidden widths of each conditioner's hidden layers
     * @return the flow
     */
    public static FlowSequence nice(Parameters params, String prefix, int dim, List<Integer> hidden) {
        return nice(params, prefix, dim, hidden, NICE_COUPLINGS);
    }

    /**
     * NICE with another number of couplings.
     *
     * @param params where the parameters are created
     * @param prefix their name prefix: {@code <prefix>.<k>.*} for coupling k, {@code <prefix>.scaling.*}
     * @param dim d, at least 2
     * @param hidden widths of each conditioner's hidden layers
     * @param couplings the number of additive couplings, at least 1
     * @return the flow
     */
    public static FlowSequence nice(Parameters params, String prefix, int dim, List<Integer> hidden, int couplings) {
        requirePositive(couplings, "NICE coupling layers");
        List<FlowLayer> layers = new ArrayList<>();
        for (int k = 0; k < couplings; k++) {
            layers.add(Coupling.additive(params, prefix + "." + k, dim, hidden, alternating(k)));
        }
        layers.add(new DiagonalScaling(params, prefix + ".scaling", dim));
        return new FlowSequence(layers);
    }

    /**
     * A RealNVP on vectors (Dinh et al. 2017, eq. 6–9): {@code steps} affine couplings alternating the even and odd
     * features, each preceded by the chosen normalization. Use it with a {@link StandardNormalBase}.
     *
     * @param params where the parameters are created
     * @param prefix their name prefix: {@code <prefix>.<k>.norm.*} and {@code <prefix>.<k>.coupling.*} for step k
     * @param dim d, at least 2
     * @param hidden widths of each conditioner's hidden layers
     * @param steps the number of couplings, at least 1
     * @param normalization what precedes each coupling
     * @return the flow
     */
    public static FlowSequence realNvp(
            Parameters params,
            String prefix,
            int dim,
            List<Integer> hidden,
            int steps,
            FlowNormalization normalization) {
        requirePositive(steps, "RealNVP coupling layers");
        List<FlowLayer> layers = new ArrayList<>();
        for (int k = 0; k < steps; k++) {
            String step = prefix + "." + k;
            normalization.addTo(layers, params, step + ".norm", dim);
            layers.add(Coupling.affine(params, step + ".coupling", dim, hidden, alternating(k)));
        }
        return new FlowSequence(layers);
    }

    /**
     * A masked autoregressive flow (Papamakarios et al. 2017, §3): {@code steps} MAF layers, successive ones
     * reversing the autoregressive order (§3.3). Use it with a {@link StandardNormalBase}; its forward direction
     * evaluates densities in one pass, its inverse samples.
     *
     * @param params where the parameters are created
     * @param prefix their name prefix: {@code <prefix>.<k>.made.*} for step k
     * @param dim d
     * @param hidden the widths of each MADE's hidden layers
     * @param steps the number of MAF layers, at least 1
     * @param contextDim width of a conditioning input (a conditional MAF), 0 for none
     * @return the flow
     */
    public static FlowSequence maf(
            Parameters params, String prefix, int dim, List<Integer> hidden, int steps, int contextDim) {
        return autoregressive(params, prefix, dim, hidden, steps, contextDim, AutoregressiveFlow.Kind.MAF);
    }

    /**
     * An inverse autoregressive flow (Kingma et al. 2016, §4): {@code steps} IAF layers of alternating order, each
     * reading the context, the encoder's h(x) when it is a VAE posterior. Its forward direction samples in one pass.
     *
     * @param params where the parameters are created
     * @param prefix their name prefix: {@code <prefix>.<k>.made.*} for step k
     * @param dim d
     * @param hidden the widths of each MADE's hidden layers
     * @param steps the number of IAF layers, at least 1
     * @param contextDim width of the context h, 0 for none
     * @return the flow
     */
    public static FlowSequence iaf(
            Parameters params, String prefix, int dim, List<Integer> hidden, int steps, int contextDim) {
        return autoregressive(params, prefix, dim, hidden, steps, contextDim, AutoregressiveFlow.Kind.IAF);
    }

    private static FlowSequence autoregressive(
            Parameters params,
            String prefix,
            int dim,
            List<Integer> hidden,
            int steps,
            int contextDim,
            AutoregressiveFlow.Kind kind) {
        requirePositive(steps, kind + " layers");
        List<FlowLayer> layers = new ArrayList<>();
        for (int k = 0; k < steps; k++) {
            layers.add(new AutoregressiveFlow(params, prefix + "." + k, dim, hidden, contextDim, k % 2 == 1, kind));
        }
        return new FlowSequence(layers);
    }

    /** Step k keeps the even features when k is even, the odd ones otherwise. */
    private static Coupling.Mask alternating(int k) {
        return k % 2 == 0 ? Coupling.Mask.EVEN : Coupling.Mask.ODD;
    }

    private static void requirePositive(int count, String what) {
        if (count < 1) {
            throw new IllegalArgumentException("the number of " + what + " must be >= 1, got " + count);
        }
    }
}
