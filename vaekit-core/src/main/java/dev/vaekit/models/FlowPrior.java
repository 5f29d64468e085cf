package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.flows.AutoregressiveFlow;
import dev.vaekit.flows.FlowLayer;
import dev.vaekit.flows.FlowSequence;
import dev.vaekit.flows.StandardNormalBase;
import dev.vaekit.nn.Parameters;
import java.util.ArrayList;
import java.util.List;

/**
 * A flow prior on the codes: p(z) = N(g(z); 0, I) |det ∂g/∂z| with g a stack of {@code priorFlowLength} masked
 * autoregressive flow steps (Papamakarios et al. 2017) of alternating order, each a MADE with two hidden layers of
 * {@code flowHidden} units. log p(z) takes one pass of each MADE; a sample z = g⁻¹(u), u ~ N(0, I), takes latentDim
 * passes per step. It is learned with the rest of the VAE and has no closed-form KL: train with estimator A or IWAE.
 * Tensor names: {@code prior.flow.<k>.made.*}.
 */
final class FlowPrior implements Prior {
    private final FlowLayer flow;
    private final StandardNormalBase base = new StandardNormalBase();
    private final int latentDim;

    FlowPrior(ModelConfig config, VaeConfig vae, Parameters parameters) {
        List<FlowLayer> steps = new ArrayList<>();
        for (int k = 0; k < vae.priorFlowLength(); k++) {
            steps.add(new AutoregressiveFlow(
                    parameters,
                    "prior.flow." + k,
                    config.latentDim(),
                    List.of(vae.flowHidden(), vae.flowHidden()),
                    0,
                    k % 2 == 1,
                    AutoregressiveFlow.Kind.MAF));
        }
        this.flow = new FlowSequence(steps);
        this.latentDim = config.latentDim();
    }

    @Override
    public NDArray logProb(NDArray z) {
        Shape shape = z.getShape();
        NDArray rows = z.reshape(-1, latentDim);
        FlowLayer.Result r = flow.forward(rows, null);
        NDArray logP = base.logProb(r.output()).add(r.logDet());
        return logP.reshape(shape.slice(0, shape.dimension() - 1));
    }

    @Override
    public NDArray sample(NDManager manager, long n) {
        return flow.inverse(manager.randomNormal(new Shape(n, latentDim)), null);
    }

    @Override
    public boolean analyticKl() {
        return false;
    }

    @Override
    public String id() {
        return PriorKind.FLOW.id();
    }
}
