package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import dev.vaekit.data.TableSchema;
import dev.vaekit.distributions.DiagonalGaussian;
import dev.vaekit.distributions.StandardNormal;
import dev.vaekit.engine.Tensors;
import dev.vaekit.nn.Linear;
import dev.vaekit.nn.Mlp;
import dev.vaekit.nn.NetworkKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A dense VAE with several stochastic layers (Sønderby, Raiko, Maaløe, Sønderby &amp; Winther 2016, "Ladder Variational
 * Autoencoders"). The generative model is top-down: z_L ~ N(0, I), z_l ~ p(z_l|z_{l+1}) = N(μ_p,l(z_{l+1}),
 * σ²_p,l(z_{l+1})), x ~ p(x|z_1), each conditional a dense network. The posterior is one of ({@link
 * LadderVaeConfig#inference}):
 *
 * <ul>
 *   <li><b>ladder</b>: a deterministic bottom-up pass d_1 = MLP(x), d_l = MLP(d_{l−1}) gives each layer an
 *       approximate likelihood N(μ̂_l, σ̂²_l) from a linear head on d_l; the top layer's posterior is that Gaussian,
 *       and each lower one is drawn top-down as its precision-weighted product with the generative conditional
 *       given the draw above (eqs. 18–19):
 *       <pre>
 *   σ²_q,l = 1 / (σ̂_l^−2 + σ_p,l^−2),   μ_q,l = (μ̂_l σ̂_l^−2 + μ_p,l σ_p,l^−2) σ²_q,l,
 *       </pre>
 *       which is the normalised product of the two Gaussian densities;
 *   <li><b>bottom-up</b>: q(z_1|x) q(z_2|z_1) … q(z_L|z_{L−1}), each from the draw below (the two-stochastic-layer
 *       model of Burda et al. 2015, §5, whose IWAE-trained version reaches 82.90 nats on MNIST).
 * </ul>
 *
 * Variances are a softplus of the networks' outputs plus 10⁻⁴ (as the paper's), except the top layer's posterior,
 * whose head gives log σ² as a VAE's encoder does.
 *
 * <p>The KL term of layer l is KL(q(z_l|·) ‖ p(z_l|z_{l+1})) in closed form given the draw of z_{l+1} for the ladder,
 * whose q(z_l|·) and p(z_l|·) share their parents; for the bottom-up chain only the top layer's KL is in closed form
 * (z_{l+1} is drawn from z_l there), the others are the sampled log q − log p. Training, the likelihood and the latent
 * space (the code is z_L) are {@link HierarchicalVae}'s. The paper's batch normalisation is left out, so training and
 * evaluation compute the same function; its deterministic warm-up is {@code objective.warmupEpochs}.
 *
 * <p>Tensor names: {@code up.<l>.*} (the bottom-up networks, l = 0 reading x), {@code head.<l>.*} (μ̂_l and log σ̂²_l,
 * each d_l rows), {@code down.<l>.*} (the network of p(z_l|z_{l+1}), 2·d_l outputs: mean then log-variance) and
 * {@code decoder.*} (p(x|z_1)).
 */
public final class LadderVae extends HierarchicalVae {
    /** The ladder VAE family: type {@code dense-ladder-vae}. */
    static final ModelFamily FAMILY = ModelFamily.withNetworks(
            "ladder-vae",
            "ladder VAE",
            "A dense VAE with several stochastic layers, inferred top-down by precision-weighted merging (Sønderby et "
                    + "al. 2016) or bottom-up (Burda et al. 2015).",
            Capabilities.Likelihood.BOUND,
            LadderVaeConfig.class,
            LadderVaeConfig::defaults,
            LadderVae::new,
            NetworkKind.DENSE);

    /** The floor added to every softplus variance. */
    private static final float MIN_VARIANCE = 1e-4f;

    private final LadderVaeConfig ladder;
    private final List<Integer> dims;
    private final List<Mlp> up = new ArrayList<>();
    private final List<Linear> heads = new ArrayList<>();
    private final List<Mlp> down = new ArrayList<>();
    private final Mlp decoder;
    private final long floatsPerDraw;

    /**
     * Builds the networks with freshly initialised weights (drawn from the engine's seeded generator).
     *
     * @param config a ladder VAE's config; its input shape must be set
     * @param schema ignored (the mixed likelihood is not supported)
     * @param manager parent of the parameters' manager
     */
    public LadderVae(ModelConfig config, TableSchema schema, NDManager manager) {
        this(config, config.family(LadderVaeConfig.class), schema, manager);
    }

    private LadderVae(ModelConfig config, LadderVaeConfig ladder, TableSchema schema, NDManager manager) {
        super(config, ladder.likelihood(), manager);
        this.ladder = ladder;
        this.dims = ladder.layerDims(config);
        boolean bottomUp = ladder.inference() == LadderInference.BOTTOM_UP;
        int layers = dims.size();
        long floats = 0;
        for (int l = 0; l < layers; l++) {
            List<Integer> widths = ladder.stageWidths(config, l);
            int in = l == 0 ? config.inputDim() : bottomUp ? dims.get(l - 1) : last(ladder.stageWidths(config, l - 1));
            up.add(new Mlp(
                    parameters(),
                    "up." + l,
                    in,
                    widths.subList(0, widths.size() - 1),
                    last(widths),
                    config.activation()));
            heads.add(new Linear(parameters(), "head." + l, last(widths), 2 * dims.get(l)));
            floats += 2L * widths.stream().mapToInt(Integer::intValue).sum() + 8L * dims.get(l);
        }
        for (int l = 0; l + 1 < layers; l++) {
            List<Integer> widths = new ArrayList<>(ladder.stageWidths(config, l + 1));
            Collections.reverse(widths);
            down.add(new Mlp(parameters(), "down." + l, dims.get(l + 1), widths, 2 * dims.get(l), config.activation()));
        }
        List<Integer> mirrored = new ArrayList<>(config.hidden());
        Collections.reverse(mirrored);
        int perFeature = ObservationModel.parametersPerFeature(ladder.likelihood());
        this.decoder = new Mlp(
                parameters(), "decoder", dims.get(0), mirrored, config.inputDim() * perFeature, config.activation());
        createObservation(schema);
        this.floatsPerDraw = floats
                + 2L * config.hidden().stream().mapToInt(Integer::intValue).sum()
                + 2L * config.inputDim() * perFeature;
    }

    private static int last(List<Integer> list) {
        return list.get(list.size() - 1);
    }

    /** @return the family's fields */
    public LadderVaeConfig ladder() {
        return ladder;
    }

    @Override
    List<Integer> layerDims() {
        return dims;
    }

    @Override
    String inferenceName() {
        return ladder.inference() == LadderInference.LADDER
                ? "ladder: bottom-up likelihoods merged top-down with the prior"
                : "bottom-up chain";
    }

    @Override
    public long floatsPerDraw() {
        return floatsPerDraw;
    }

    /**
     * The bottom-up chain as Bit-Swap codes it: q(z_1|x) and q(z_{l+1}|z_l) are the heads on the bottom-up networks
     * (exactly the factors {@link #infer} draws from), p(z_l|z_{l+1}) the top-down networks and p(x|z_1) the decoder.
     * Offered for {@code inference: bottom-up} and for a single layer (whose posterior is one Gaussian either way);
     * empty for the ladder with several layers, whose q(z_l|·) merges each layer with the prior top-down (eqs. 18–19)
     * and so depends on the layers above.
     */
    @Override
    public Optional<GaussianLatentChain> gaussianChain() {
        if (ladder.inference() == LadderInference.LADDER && dims.size() > 1) {
            return Optional.empty();
        }
        return Optional.of(new Chain());
    }

    /** The bottom-up chain's factors, each one network pass. */
    private final class Chain implements GaussianLatentChain {
        @Override
        public List<Integer> layerDims() {
            return List.copyOf(dims);
        }

        @Override
        public DiagonalGaussian posterior(int layer, NDArray below) {
            if (layer < 0 || layer >= dims.size()) {
                throw new IllegalArgumentException("a layer must be in [0, " + dims.size() + "), got " + layer);
            }
            NDList q = head(layer, features(layer, below));
            return new DiagonalGaussian(q.get(0), q.get(1));
        }

        @Override
        public DiagonalGaussian prior(int layer, NDArray above) {
            if (layer < 0 || layer >= dims.size() - 1) {
                throw new IllegalArgumentException(
                        "a layer with a conditional prior must be in [0, " + (dims.size() - 1) + "), got " + layer);
            }
            NDList p = LadderVae.this.prior(layer, above);
            return new DiagonalGaussian(p.get(0), p.get(1));
        }

        @Override
        public NDArray decode(NDArray bottom) {
            return decoder.forward(bottom);
        }
    }

    /** The bottom-up network of stage l on its input, activated: the deterministic features d_l. */
    private NDArray features(int l, NDArray input) {
        return config().activation().apply(up.get(l).forward(input));
    }

    /**
     * The head of stage l: μ̂_l and log σ̂²_l. The top layer's head gives log σ̂² directly, as a VAE's encoder does (so a
     * one-layer ladder is a VAE); the lower layers' give σ̂² through a softplus, as Sønderby et al. parameterise every
     * variance, which keeps the precisions the merge adds finite.
     */
    private NDList head(int l, NDArray features) {
        NDArray out = heads.get(l).forward(features);
        NDList parts = out.split(2, out.getShape().dimension() - 1);
        return l == dims.size() - 1 ? parts : new NDList(parts.get(0), softplusLogVariance(parts.get(1)));
    }

    /** p(z_l|z_{l+1}): its mean and log-variance, the variance through a softplus. */
    private NDList prior(int l, NDArray above) {
        NDArray out = down.get(l).forward(above);
        NDList parts = out.split(2, out.getShape().dimension() - 1);
        return new NDList(parts.get(0), softplusLogVariance(parts.get(1)));
    }

    /** log σ² for σ² = softplus(raw) + 10⁻⁴. */
    static NDArray softplusLogVariance(NDArray raw) {
        return Activation.softPlus(raw).add(MIN_VARIANCE).log();
    }

    /**
     * The precision-weighted product of two diagonal Gaussians (Sønderby et al. 2016, eqs. 18–19): the normalised
     * product N(μ_a, σ²_a) · N(μ_b, σ²_b) ∝ N(μ, σ²) with σ⁻² = σ_a⁻² + σ_b⁻² and μ = (μ_a σ_a⁻² + μ_b σ_b⁻²) σ².
     *
     * @param meanA μ_a
     * @param logVarA log σ²_a
     * @param meanB μ_b
     * @param logVarB log σ²_b
     * @return the product's mean and log-variance
     */
    public static NDArray[] merge(NDArray meanA, NDArray logVarA, NDArray meanB, NDArray logVarB) {
        NDArray precisionA = logVarA.neg().exp();
        NDArray precisionB = logVarB.neg().exp();
        NDArray precision = precisionA.add(precisionB);
        NDArray mean = meanA.mul(precisionA).add(meanB.mul(precisionB)).div(precision);
        return new NDArray[] {mean, precision.log().neg()};
    }

    @Override
    Pass infer(NDArray x, NDArray noise) {
        long draws = noise.getShape().get(0);
        long batch = x.getShape().get(0);
        int layers = dims.size();
        NDList eps = splitNoise(noise); // each (L·B, d_l)
        NDArray[] z = new NDArray[layers];
        List<NDArray> kl = new ArrayList<>(Collections.nCopies(layers, (NDArray) null));
        NDArray logQ = null;
        NDArray logP = null;
        if (ladder.inference() == LadderInference.LADDER) {
            NDList[] likelihoods = new NDList[layers];
            NDArray d = x;
            for (int l = 0; l < layers; l++) {
                d = features(l, d);
                likelihoods[l] = head(l, d);
            }
            for (int l = layers - 1; l >= 0; l--) {
                NDArray meanHat = Tensors.repeatBatch(likelihoods[l].get(0), draws);
                NDArray logVarHat = Tensors.repeatBatch(likelihoods[l].get(1), draws);
                NDArray meanP;
                NDArray logVarP;
                NDArray meanQ;
                NDArray logVarQ;
                if (l == layers - 1) {
                    meanP = meanHat.zerosLike();
                    logVarP = meanHat.zerosLike();
                    meanQ = meanHat;
                    logVarQ = logVarHat;
                } else {
                    NDList p = prior(l, z[l + 1]);
                    meanP = p.get(0);
                    logVarP = p.get(1);
                    NDArray[] q = merge(meanHat, logVarHat, meanP, logVarP);
                    meanQ = q[0];
                    logVarQ = q[1];
                }
                z[l] = meanQ.add(eps.get(l).mul(Tensors.scale(logVarQ, 0.5).exp()));
                NDArray q = logProbOfNoise(eps.get(l), logVarQ);
                NDArray p = gaussianLogProb(z[l], meanP, logVarP);
                logQ = logQ == null ? q : logQ.add(q);
                logP = logP == null ? p : logP.add(p);
                kl.set(l, byDraw(gaussianKl(meanQ, logVarQ, meanP, logVarP), draws));
            }
        } else {
            NDArray below = x;
            for (int l = 0; l < layers; l++) {
                NDList q = head(l, features(l, below));
                NDArray mean = l == 0 ? Tensors.repeatBatch(q.get(0), draws) : q.get(0);
                NDArray logVar = l == 0 ? Tensors.repeatBatch(q.get(1), draws) : q.get(1);
                z[l] = mean.add(eps.get(l).mul(Tensors.scale(logVar, 0.5).exp()));
                NDArray logQl = logProbOfNoise(eps.get(l), logVar);
                logQ = logQ == null ? logQl : logQ.add(logQl);
                if (l == layers - 1) {
                    kl.set(l, byDraw(gaussianKl(mean, logVar, mean.zerosLike(), mean.zerosLike()), draws));
                } else {
                    kl.set(l, byDraw(logQl, draws)); // completed below, once z_{l+1} is drawn
                }
                below = z[l];
            }
            for (int l = 0; l < layers; l++) {
                NDList conditional = l == layers - 1 ? null : prior(l, z[l + 1]);
                NDArray p = conditional == null
                        ? StandardNormal.logProb(z[l])
                        : gaussianLogProb(z[l], conditional.get(0), conditional.get(1));
                logP = logP == null ? p : logP.add(p);
                if (l < layers - 1) {
                    kl.set(l, kl.get(l).sub(byDraw(p, draws)));
                }
            }
        }
        NDArray logPx = observation().logProb(x, decoder.forward(z[0]).reshape(draws, batch, -1));
        List<NDArray> zs = new ArrayList<>();
        Collections.addAll(zs, z);
        return new Pass(zs, byDraw(logQ, draws), byDraw(logP, draws), logPx, kl);
    }

    /** log N(μ + σε; μ, σ²) from ε: −½ Σ (ε² + log σ² + log 2π). */
    private static NDArray logProbOfNoise(NDArray eps, NDArray logVar) {
        long d = eps.getShape().get(eps.getShape().dimension() - 1);
        return Tensors.scale(
                eps.square().add(logVar).sum(new int[] {-1}).add((float) (d * Math.log(2 * Math.PI))), -0.5);
    }

    /** Splits (L, B, Σ d_l) noise into each layer's (L·B, d_l) block, bottom first. */
    private NDList splitNoise(NDArray noise) {
        long draws = noise.getShape().get(0);
        long batch = noise.getShape().get(1);
        NDList parts = noiseBlocks(noise);
        NDList out = new NDList();
        for (int l = 0; l < dims.size(); l++) {
            out.add(parts.get(l).reshape(draws * batch, dims.get(l)));
        }
        return out;
    }

    @Override
    NDArray logJoint(NDArray x, List<NDArray> z) {
        long batch = x.getShape().get(0);
        long draws = z.get(0).getShape().get(0) / batch;
        int layers = dims.size();
        NDArray logP = StandardNormal.logProb(z.get(layers - 1));
        for (int l = 0; l + 1 < layers; l++) {
            NDList p = prior(l, z.get(l + 1));
            logP = logP.add(gaussianLogProb(z.get(l), p.get(0), p.get(1)));
        }
        NDArray logPx = observation().logProb(x, decoder.forward(z.get(0)).reshape(draws, batch, -1));
        return logPx.add(byDraw(logP, draws));
    }

    @Override
    NDArray[] topPosterior(NDArray x) {
        NDArray d = x;
        NDList q = null;
        for (int l = 0; l < dims.size(); l++) {
            NDArray f = features(l, d);
            q = head(l, f);
            // ladder: the deterministic features; bottom-up: the layer below at its posterior mean
            d = ladder.inference() == LadderInference.LADDER ? f : q.get(0);
        }
        return new NDArray[] {q.get(0), q.get(1)};
    }

    @Override
    NDArray generate(NDArray top, double temperature) {
        NDArray z = top;
        for (int l = dims.size() - 2; l >= 0; l--) {
            NDList p = prior(l, z);
            z = temperature == 0
                    ? p.get(0)
                    : p.get(0)
                            .add(Tensors.scale(
                                    z.getManager()
                                            .randomNormal(p.get(0).getShape())
                                            .mul(Tensors.scale(p.get(1), 0.5).exp()),
                                    temperature));
        }
        return decoder.forward(z);
    }
}
