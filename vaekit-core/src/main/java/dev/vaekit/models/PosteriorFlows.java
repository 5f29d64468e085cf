package dev.vaekit.models;

import dev.vaekit.flows.AutoregressiveFlow;
import dev.vaekit.flows.FlowLayer;
import dev.vaekit.flows.FlowSequence;
import dev.vaekit.flows.PlanarFlow;
import dev.vaekit.flows.RadialFlow;
import dev.vaekit.nn.Parameters;
import java.util.ArrayList;
import java.util.List;

/** Builds the posterior flow a {@link ModelConfig} names, with its parameters under {@code posterior.flow.<k>}. */
final class PosteriorFlows {
    private PosteriorFlows() {}

    /**
     * @return the width of the context the encoder must output for the flow: h(x) of latentDim for an IAF, every
     *     step's u, w, b for amortized planar flows, else 0
     */
    static int contextWidth(ModelConfig config, VaeConfig vae) {
        return switch (vae.posteriorFlow()) {
            case IAF -> config.latentDim();
            case AMORTIZED_PLANAR -> vae.flowLength() * PlanarFlow.amortizedWidth(config.latentDim());
            default -> 0;
        };
    }

    /**
     * @param config the model's config
     * @param parameters where the flow's parameters are created
     * @return f_K ∘ … ∘ f_1 (the identity without a flow)
     */
    static FlowLayer create(ModelConfig config, VaeConfig vae, Parameters parameters) {
        List<FlowLayer> steps = new ArrayList<>();
        if (vae.hasPosteriorFlow()) {
            for (int k = 0; k < vae.flowLength(); k++) {
                steps.add(step(config, vae, parameters, "posterior.flow." + k, k));
            }
        }
        return new FlowSequence(steps);
    }

    private static FlowLayer step(ModelConfig config, VaeConfig vae, Parameters parameters, String prefix, int k) {
        int latent = config.latentDim();
        return switch (vae.posteriorFlow()) {
            case PLANAR -> new PlanarFlow(parameters, prefix, latent);
            case AMORTIZED_PLANAR -> PlanarFlow.amortized(latent, k * PlanarFlow.amortizedWidth(latent));
            case RADIAL -> new RadialFlow(parameters, prefix, latent);
                // successive IAF steps alternate the autoregressive order (Kingma et al. 2016, §4)
            case IAF -> new AutoregressiveFlow(
                    parameters,
                    prefix,
                    latent,
                    List.of(vae.flowHidden(), vae.flowHidden()),
                    contextWidth(config, vae),
                    k % 2 == 1,
                    AutoregressiveFlow.Kind.IAF);
            case NONE -> throw new IllegalStateException("no posterior flow");
        };
    }
}
