package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.InvalidInputException;
import dev.vaekit.engine.Tensors;
import dev.vaekit.eval.LikelihoodEstimator;
import dev.vaekit.objectives.Elbo;
import dev.vaekit.objectives.Estimator;
import dev.vaekit.objectives.ImportanceWeightedBounds;
import dev.vaekit.objectives.Loss;
import dev.vaekit.objectives.ObjectiveConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the VAEs with several stochastic layers share ({@link LadderVae}, {@link Nvae}): a generative model
 *
 * <pre>
 *   p(x, z_1..z_L) = p(x|z_1 …) · Π_{l&lt;L} p(z_l|z_{l+1}) · p(z_L),   p(z_L) = N(0, I),
 * </pre>
 *
 * each p(z_l|z_{l+1}) a diagonal Gaussian computed top-down, and a posterior q(z_1..z_L|x) = Π_l q(z_l|·) whose
 * factors the subclass defines (bottom-up, or top-down with the generative path shared). This class turns one pass
 * through the hierarchy into every objective and every use of the model:
 *
 * <ul>
 *   <li>the training loss for each estimator of {@code objective}: b, the ELBO with each layer's KL(q(z_l|·) ‖
 *       p(z_l|z_{l+1})) in closed form given the sampled z_{l+1} (Sønderby et al. 2016, eq. 11); a, the KL sampled;
 *       iwae, miwae, ciwae and piwae from the log-weights log w = log p(x|z) + Σ_l log p(z_l|z_{l+1}) − Σ_l log
 *       q(z_l|·) ({@link ImportanceWeightedBounds}). KL warm-up ({@code objective.warmupEpochs}, which Sønderby et al.
 *       introduced for these models) weighs the KL term of a and b; free bits λ give each layer l at least λ·d_l nats
 *       (Kingma et al. 2016's free bits with the layers as groups). Each layer's closed-form KL is reported as an
 *       extra term {@code kl1} (the bottom layer) … {@code klL} (the top);
 *   <li>the likelihood: importance sampling over all layers at once ({@link SampledLogLikelihood}, q as proposal);
 *   <li>the latent space ({@link Autoencoder}): the code is the <em>top</em> layer z_L, of {@code model.latentDim}
 *       dimensions. Encoding gives its posterior mean; decoding a code z_L walks down the generative path with every
 *       lower layer at the mean of p(z_l|z_{l+1}) (so a reconstruction through the code keeps what the top layer
 *       holds, not the detail the lower layers add); a sample draws every layer from the prior, the noise of each
 *       scaled by the temperature.
 * </ul>
 */
abstract class HierarchicalVae extends ObservedModel implements ImportanceSampler {

    /**
     * One pass through the hierarchy for L draws of each of a batch's B examples.
     *
     * @param z the draws of every layer, bottom first, each with L·B rows (draw-major: row s·B + i is draw s of
     *     example i)
     * @param logQ Σ_l log q(z_l|·), shape (L, B)
     * @param logPrior Σ_l log p(z_l|z_{l+1}) with log p(z_L) = log N(z_L; 0, I), shape (L, B)
     * @param logPxGivenZ log p(x|z), shape (L, B)
     * @param kl each layer's KL(q(z_l|·) ‖ p(z_l|z_{l+1})) in closed form given the draw of its parents, bottom
     *     first, each (L, B)
     */
    protected record Pass(List<NDArray> z, NDArray logQ, NDArray logPrior, NDArray logPxGivenZ, List<NDArray> kl) {

        /** @return Σ_l KL_l, shape (L, B) */
        NDArray klSum() {
            NDArray sum = kl.get(0);
            for (int l = 1; l < kl.size(); l++) {
                sum = sum.add(kl.get(l));
            }
            return sum;
        }
    }

    /**
     * Subclasses call {@link #createObservation} after building their networks.
     *
     * @param config the model's config; its input shape must be set
     * @param likelihood the observation model p(x|z_1 …)
     * @param manager parent of the parameters' manager
     */
    HierarchicalVae(ModelConfig config, LikelihoodConfig likelihood, NDManager manager) {
        super(config, likelihood, manager);
        if (config.conditional()) {
            throw new InvalidInputException(config.type() + " is not conditional on labels");
        }
    }

    /** @return the number of stochastic layers */
    int layers() {
        return layerDims().size();
    }

    /** @return d_l, the dimensions of each layer, bottom first; the last is {@code model.latentDim} */
    abstract List<Integer> layerDims();

    /**
     * Draws every layer from q given standard normal noise and scores the draws, differentiably.
     *
     * @param x data, shape (B, d)
     * @param noise ε, shape (L, B, {@link #noiseWidth}): each layer's block, bottom first
     * @return the pass
     */
    abstract Pass infer(NDArray x, NDArray noise);

    /**
     * log p(x, z) at given draws: log p(x|z) + Σ_l log p(z_l|z_{l+1}) + log p(z_L), the generative path alone.
     *
     * @param x data, shape (B, d)
     * @param z each layer's draws, bottom first, L·B rows each as {@link Pass#z}
     * @return shape (L, B)
     */
    abstract NDArray logJoint(NDArray x, List<NDArray> z);

    /**
     * @param x data, shape (B, d)
     * @return the top layer's posterior q(z_L|x): mean and log-variance, each (B, latentDim)
     */
    abstract NDArray[] topPosterior(NDArray x);

    /**
     * Walks down the generative path from given top codes.
     *
     * @param top z_L, shape (n, latentDim)
     * @param temperature 0 for every lower layer at its prior mean; T &gt; 0 to draw it as μ_p + T σ_p ε
     * @return the decoder's output, the parameters of p(x|z), shape (n, d · parameters per feature)
     */
    abstract NDArray generate(NDArray top, double temperature);

    /** @return the inference path in words, for the estimator's description */
    abstract String inferenceName();

    @Override
    public int noiseWidth() {
        return layerDims().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * Splits noise into the blocks of the layers, bottom first as {@link #layerDims}.
     *
     * @param noise ε, shape (L, B, {@link #noiseWidth})
     * @return each layer's block, shape (L, B, d_l)
     */
    NDList noiseBlocks(NDArray noise) {
        List<Integer> dims = layerDims();
        long[] cuts = new long[dims.size() - 1];
        long at = 0;
        for (int l = 0; l + 1 < dims.size(); l++) {
            at += dims.get(l);
            cuts[l] = at;
        }
        return cuts.length == 0 ? new NDList(noise) : noise.split(cuts, 2);
    }

    /** @return {@link #floatsPerDraw}, which counts the decoder's output with the rest of a draw */
    @Override
    public long decoderFloatsPerExample() {
        return floatsPerDraw();
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(Capabilities.Likelihood.BOUND, true, true, true, false, false);
    }

    // ---- training -------------------------------------------------------------------------------------------------

    /** The objective's bound over all layers; see the class. */
    @Override
    public Loss loss(Batch batch, LossContext context) {
        return bound(batch, context.objective(), context.klWeight());
    }

    /** The ELBO with one draw and each layer's KL in closed form, unweighted. */
    @Override
    public Loss validationLoss(Batch batch) {
        return bound(batch, ObjectiveConfig.defaults(), 1f);
    }

    /**
     * The bound an objective names, on draws from the engine's generator.
     *
     * @param batch the examples
     * @param objective estimator, draws, free bits
     * @param klWeight the KL weight for estimators a and b (β, warmed up)
     * @return the loss, with each layer's KL as extra terms {@code kl1} … {@code klL}
     */
    Loss bound(Batch batch, ObjectiveConfig objective, float klWeight) {
        NDArray x = batch.x();
        Estimator estimator = objective.estimator();
        int draws = estimator.importanceWeighted() ? objective.draws() : objective.samples();
        NDArray noise =
                x.getManager().randomNormal(new Shape(draws, x.getShape().get(0), noiseWidth()));
        Pass pass = infer(x, noise);
        Map<String, NDArray> extra = new LinkedHashMap<>();
        for (int l = 0; l < pass.kl().size(); l++) {
            extra.put("kl" + (l + 1), pass.kl().get(l).mean());
        }
        NDArray logRatio = pass.logQ().sub(pass.logPrior());
        Loss loss =
                switch (estimator) {
                    case B -> analyticKl(pass, klWeight, (float) objective.freeBits());
                    case A -> Elbo.monteCarloKl(pass.logPxGivenZ(), logRatio, klWeight);
                    default -> ImportanceWeightedBounds.loss(objective, pass.logPxGivenZ(), logRatio, () -> {
                        List<NDArray> held = new ArrayList<>();
                        pass.z().forEach(z -> held.add(z.stopGradient()));
                        return logJoint(x, held).sub(pass.logQ().stopGradient());
                    });
                };
        return new Loss(loss.value(), loss.reconstruction(), loss.kl(), loss.bound(), extra);
    }

    /** Estimator b: E_q log p(x|z) − w Σ_l KL_l, each KL_l in closed form; free bits per layer. */
    private Loss analyticKl(Pass pass, float klWeight, float freeBits) {
        NDArray reconstruction = pass.logPxGivenZ().mean(); // over draws and examples
        NDArray kl = pass.klSum().mean();
        NDArray charged = kl;
        if (freeBits > 0) {
            charged = null;
            List<Integer> dims = layerDims();
            for (int l = 0; l < pass.kl().size(); l++) {
                NDArray layer = Tensors.atLeast(pass.kl().get(l).mean(), freeBits * dims.get(l));
                charged = charged == null ? layer : charged.add(layer);
            }
        }
        NDArray value = reconstruction.neg().add(Tensors.scale(charged, klWeight));
        return new Loss(value, reconstruction, kl, reconstruction.sub(kl));
    }

    // ---- likelihood ------------------------------------------------------------------------------------------------

    @Override
    public Optional<LikelihoodEstimator> likelihood() {
        return Optional.of(new SampledLogLikelihood(this));
    }

    @Override
    public Weights weigh(NDArray x, NDArray noise) {
        Pass pass = infer(x, noise);
        return new Weights(pass.logPxGivenZ(), pass.logQ().sub(pass.logPrior()), pass.klSum());
    }

    @Override
    public NDArray posteriorMeans(NDArray x) {
        return topPosterior(x)[0];
    }

    @Override
    public boolean continuousData() {
        return likelihoodConfig().kind() == LikelihoodKind.GAUSSIAN;
    }

    @Override
    public String proposal() {
        return "q(z_1..z_" + layers() + "|x) as proposal (" + inferenceName() + ")";
    }

    // ---- latent space ----------------------------------------------------------------------------------------------

    /** @return N(0, I), the prior of the top layer, which the codes are */
    @Override
    public Optional<Prior> latentPrior() {
        return Optional.of(new StandardNormalPrior(config().latentDim()));
    }

    /** @return the top layer's posterior mean */
    @Override
    public NDArray code(NDArray x, NDArray condition) {
        requireUnconditional(condition);
        return topPosterior(x)[0];
    }

    /** @return one draw of the top layer's posterior q(z_L|x) */
    @Override
    public NDArray drawCode(NDArray x, NDArray condition) {
        requireUnconditional(condition);
        NDArray[] q = topPosterior(x);
        NDArray eps = x.getManager().randomNormal(q[0].getShape());
        return q[0].add(eps.mul(Tensors.scale(q[1], 0.5).exp()));
    }

    @Override
    public int stochasticLayers() {
        return layers();
    }

    @Override
    public String codeName(boolean plural) {
        return plural ? "top-layer posterior means" : "top-layer posterior mean";
    }

    /** @return none: the code is one layer of a hierarchy, not one network's output */
    @Override
    public List<String> encoderOutputs() {
        return List.of();
    }

    /** @return the parameters of p(x|z) for top codes z_L, every lower layer at its prior mean */
    @Override
    public NDArray decode(NDArray z, NDArray x, NDArray condition) {
        requireUnconditional(condition);
        return generate(z, 0);
    }

    @Override
    public NDArray render(NDArray z, NDArray condition) {
        requireUnconditional(condition);
        return observation().mean(generate(z, 0));
    }

    /** Ancestral draws: z_L ~ N(0, T²I), each lower layer μ_p + T σ_p ε, rendered as E[x|z]. */
    @Override
    public NDArray sample(NDManager manager, int n, double temperature, NDArray condition) {
        requireUnconditional(condition);
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new InvalidInputException("--temperature must be a finite number > 0, got " + temperature);
        }
        NDArray top = Tensors.scale(manager.randomNormal(new Shape(n, config().latentDim())), temperature);
        return observation().mean(generate(top, temperature));
    }

    // ---- shared maths --------------------------------------------------------------------------------------------

    /**
     * log N(z; μ, diag exp(logVar)) summed over the last axis.
     *
     * @param z values, shape (..., d)
     * @param mean μ, broadcastable to z
     * @param logVar log σ², broadcastable to z
     * @return shape (...)
     */
    static NDArray gaussianLogProb(NDArray z, NDArray mean, NDArray logVar) {
        long d = z.getShape().get(z.getShape().dimension() - 1);
        NDArray quadratic = z.sub(mean).square().mul(logVar.neg().exp());
        return Tensors.scale(quadratic.add(logVar).sum(new int[] {-1}).add((float) (d * Math.log(2 * Math.PI))), -0.5);
    }

    /**
     * KL(N(μ_q, σ_q²) ‖ N(μ_p, σ_p²)) of diagonal Gaussians in closed form, summed over the last axis:
     * ½ Σ (logσ_p² − logσ_q² + (σ_q² + (μ_q − μ_p)²)/σ_p² − 1).
     *
     * @return shape (...) of the inputs without their last axis
     */
    static NDArray gaussianKl(NDArray meanQ, NDArray logVarQ, NDArray meanP, NDArray logVarP) {
        NDArray ratio =
                logVarQ.exp().add(meanQ.sub(meanP).square()).mul(logVarP.neg().exp());
        return Tensors.scale(logVarP.sub(logVarQ).add(ratio).sub(1f).sum(new int[] {-1}), 0.5);
    }

    /**
     * Reshapes (L·B, …) rows to (L, B).
     *
     * @param perRow one value per row, shape (L·B)
     * @param draws L
     * @return shape (L, B)
     */
    static NDArray byDraw(NDArray perRow, long draws) {
        return perRow.reshape(draws, -1);
    }
}
