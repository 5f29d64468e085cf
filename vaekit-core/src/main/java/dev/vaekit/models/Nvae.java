package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.vaekit.data.TableSchema;
import dev.vaekit.distributions.StandardNormal;
import dev.vaekit.engine.Tensors;
import dev.vaekit.nn.Conv1x1;
import dev.vaekit.nn.Conv2d;
import dev.vaekit.nn.ConvTranspose2d;
import dev.vaekit.nn.Linear;
import dev.vaekit.nn.NetworkKind;
import dev.vaekit.nn.ResidualBlock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A hierarchical VAE in the style of NVAE (Vahdat &amp; Kautz 2020, "NVAE: A Deep Hierarchical Variational
 * Autoencoder"), sized for a CPU. Its parts, as in the paper's figure 2:
 *
 * <ul>
 *   <li><b>Bottom-up encoder</b>: one stage per entry of {@code model.hidden}, each a 4 × 4 stride-2 convolution that
 *       halves the image and {@code model.residualBlocks} residual cells; the last stage's features also give the
 *       posterior of the top latent vector z_0 ({@code model.latentDim} values, prior N(0, I)).
 *   <li><b>Top-down decoder</b>, shared by the generative model and the posterior (the "bidirectional" encoder): a
 *       state h starts from a dense map of z_0 and walks down the scales, coarse to fine; at each scale G groups of
 *       c_z latent channels (one value per pixel) are drawn, each from a prior p(z_l|z_&lt;l) = N(μ_p, σ²_p) computed
 *       from h, and mixed into h by a 1 × 1 convolution, followed by residual cells; between scales a transposed
 *       convolution doubles the size. A last transposed convolution gives p(x|z).
 *   <li><b>Residual normal posteriors</b> (§3.2): q(z_l|z_&lt;l, x) = N(μ_p + Δμ, σ²_p · Δσ²), (Δμ, log Δσ²) computed
 *       from h and the encoder's features of the same scale, so the posterior is parameterised relative to the
 *       prior; its KL per group is ½ Σ (Δμ²/σ²_p + Δσ² − log Δσ² − 1). The prior and posterior heads start at zero, so
 *       every group starts as N(0, I) with q = p and a zero KL.
 *   <li><b>KL per group</b>: the objective's KL is the sum of each group's, each reported as an extra term ({@code kl1}
 *       is the finest scale's last group, the highest number the top vector).
 * </ul>
 *
 * Means and log-variances of priors and of posterior shifts are soft-clamped, b · tanh(x/b), to ±5 and ±10 (NVAE's
 * soft clamp of μ and log σ to ±5), which keeps early training finite. Left out, to stay small: batch normalisation, squeeze-and-excitation, depthwise convolutions, the spectral
 * regulariser and KL balancing (free bits per group, {@code objective.freeBits}, and warm-up stand in for the last);
 * cells are vaekit's weight-normalised {@link ResidualBlock}s with the configured activation. Training, the
 * likelihood (importance sampling over z_0 and every group) and the latent space (the code is z_0) are {@link
 * HierarchicalVae}'s.
 *
 * <p>Tensor names: {@code encoder.stages.<s>.down.*}, {@code encoder.stages.<s>.cells.<j>.*}, {@code encoder.top.*},
 * {@code decoder.in.*}, {@code decoder.groups.<t>.prior|posterior|combine.*} and {@code decoder.groups.<t>.cells.<j>.*}
 * (t counting groups top-down), {@code decoder.up.<s>.*}, {@code decoder.out.*}.
 */
public final class Nvae extends HierarchicalVae {
    /** The NVAE-style family: type {@code nvae}. */
    static final ModelFamily FAMILY = ModelFamily.bare(
            "nvae",
            "NVAE-style VAE",
            "A hierarchical VAE with a bidirectional encoder, residual cells and residual normal posteriors, a KL per "
                    + "latent group (after Vahdat & Kautz 2020).",
            Capabilities.Likelihood.BOUND,
            NvaeConfig.class,
            NvaeConfig::defaults,
            Nvae::new,
            NetworkKind.RESNET,
            null);

    /** One latent group of the top-down path. */
    private record Group(
            int scale,
            int height,
            int width,
            Conv2d prior,
            Conv2d posterior,
            Conv1x1 combine,
            List<ResidualBlock> cells) {}

    /** Bound of every prior mean and mean shift. */
    private static final double MEAN_BOUND = 5;
    /** Bound of every prior log-variance and log-variance shift (log σ within ±5, as NVAE's). */
    private static final double LOG_VARIANCE_BOUND = 10;

    private final NvaeConfig own;
    private final int scales;
    private final int[] heights;
    private final int[] widths;
    private final List<Conv2d> downs = new ArrayList<>();
    private final List<List<ResidualBlock>> encoderCells = new ArrayList<>();
    private final Linear top;
    private final Linear in;
    private final List<Group> groups = new ArrayList<>(); // top-down order
    private final List<ConvTranspose2d> ups = new ArrayList<>(); // ups.get(s) maps scale s to s − 1; index 0 unused
    private final ConvTranspose2d out;
    private final List<Integer> dims; // bottom first, the top vector last
    private final long floatsPerDraw;

    /**
     * Builds the networks with freshly initialised weights (drawn from the engine's seeded generator).
     *
     * @param config an nvae's config; its input shape must be set
     * @param schema ignored (the mixed likelihood is not supported)
     * @param manager parent of the parameters' manager
     */
    public Nvae(ModelConfig config, TableSchema schema, NDManager manager) {
        this(config, config.family(NvaeConfig.class), schema, manager);
    }

    private Nvae(ModelConfig config, NvaeConfig own, TableSchema schema, NDManager manager) {
        super(config, own.likelihood(), manager);
        this.own = own;
        List<Integer> channels = config.hidden();
        this.scales = channels.size();
        this.heights = new int[scales];
        this.widths = new int[scales];
        int imageChannels = config.inputShape().get(0);
        for (int s = 0; s < scales; s++) {
            heights[s] = config.inputShape().get(1) >> (s + 1);
            widths[s] = config.inputShape().get(2) >> (s + 1);
        }
        int cells = config.residualBlocks();
        int inChannels = imageChannels;
        for (int s = 0; s < scales; s++) {
            downs.add(new Conv2d(
                    parameters(), "encoder.stages." + s + ".down", inChannels, channels.get(s), 4, 2, 1, false));
            List<ResidualBlock> stage = new ArrayList<>();
            for (int j = 0; j < cells; j++) {
                stage.add(new ResidualBlock(
                        parameters(), "encoder.stages." + s + ".cells." + j, channels.get(s), config.activation()));
            }
            encoderCells.add(stage);
            inChannels = channels.get(s);
        }
        int last = scales - 1;
        int deepest = channels.get(last) * heights[last] * widths[last];
        this.top = new Linear(parameters(), "encoder.top", deepest, 2 * config.latentDim());
        this.in = new Linear(parameters(), "decoder.in", config.latentDim(), deepest);
        int cz = own.latentChannels();
        int t = 0;
        List<Integer> topDownDims = new ArrayList<>();
        for (int s = last; s >= 0; s--) {
            int c = channels.get(s);
            for (int g = 0; g < own.groupsPerScale(); g++, t++) {
                String prefix = "decoder.groups." + t;
                Conv2d prior =
                        new Conv2d(parameters(), prefix + ".prior", c, 2 * cz, 3, 1, 1, false).zeroed(parameters());
                Conv2d posterior = new Conv2d(parameters(), prefix + ".posterior", 2 * c, 2 * cz, 3, 1, 1, false)
                        .zeroed(parameters());
                Conv1x1 combine = new Conv1x1(parameters(), prefix + ".combine", cz, c, true);
                List<ResidualBlock> groupCells = new ArrayList<>();
                for (int j = 0; j < cells; j++) {
                    groupCells.add(new ResidualBlock(parameters(), prefix + ".cells." + j, c, config.activation()));
                }
                groups.add(new Group(s, heights[s], widths[s], prior, posterior, combine, groupCells));
                topDownDims.add(cz * heights[s] * widths[s]);
            }
        }
        ups.add(null);
        for (int s = 1; s < scales; s++) {
            ups.add(new ConvTranspose2d(
                    parameters(), "decoder.up." + s, channels.get(s), channels.get(s - 1), 4, 2, 1));
        }
        int perFeature = ObservationModel.parametersPerFeature(own.likelihood());
        this.out =
                new ConvTranspose2d(parameters(), "decoder.out", channels.get(0), perFeature * imageChannels, 4, 2, 1);
        createObservation(schema);
        List<Integer> bottomFirst = new ArrayList<>(topDownDims);
        Collections.reverse(bottomFirst);
        bottomFirst.add(config.latentDim());
        this.dims = List.copyOf(bottomFirst);
        long floats = 4L * perFeature * config.inputDim();
        for (int s = 0; s < scales; s++) {
            floats += (long) channels.get(s) * heights[s] * widths[s] * (8L + 6L * cells) * (1 + own.groupsPerScale());
        }
        this.floatsPerDraw = floats + 10L * noiseWidthOf(bottomFirst);
    }

    private static int noiseWidthOf(List<Integer> dims) {
        return dims.stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    List<Integer> layerDims() {
        return dims;
    }

    @Override
    String inferenceName() {
        return "bidirectional: residual normal groups drawn top-down";
    }

    @Override
    public long floatsPerDraw() {
        return floatsPerDraw;
    }

    /** The bottom-up features of every scale, each (B, C_s, h_s, w_s). */
    private List<NDArray> bottomUp(NDArray x) {
        List<Integer> shape = config().inputShape();
        NDArray h = x.reshape(-1, shape.get(0), shape.get(1), shape.get(2));
        List<NDArray> features = new ArrayList<>();
        for (int s = 0; s < scales; s++) {
            h = downs.get(s).forward(h);
            for (ResidualBlock cell : encoderCells.get(s)) {
                h = cell.forward(h);
            }
            features.add(h);
        }
        return features;
    }

    @Override
    NDArray[] topPosterior(NDArray x) {
        List<NDArray> features = bottomUp(x);
        return topOf(features.get(scales - 1));
    }

    private NDArray[] topOf(NDArray deepest) {
        NDArray flat =
                config().activation().apply(deepest).reshape(deepest.getShape().get(0), -1);
        NDList q = top.forward(flat).split(2, 1);
        return new NDArray[] {q.get(0), q.get(1)};
    }

    /** The result of a top-down walk: the output, each group's draw, and the summed log-densities and KLs. */
    private record Walk(NDArray output, List<NDArray> z, NDArray logQ, NDArray logP, List<NDArray> kl) {}

    /**
     * Walks the top-down path from z_0 for {@code rows} rows.
     *
     * @param zTop z_0, (rows, latentDim)
     * @param features the encoder's features of every scale repeated to {@code rows} rows, to draw from q; or null
     * @param noise ε of every group (top-down), (rows, c_z·h·w) each, to draw from q; or null
     * @param given every group's draw (top-down), (rows, c_z·h·w) each, to score; or null
     * @param temperature for a draw of the prior (features and given both null): 0 for the means
     * @return the walk
     */
    private Walk walk(
            NDArray zTop, List<NDArray> features, List<NDArray> noise, List<NDArray> given, double temperature) {
        long rows = zTop.getShape().get(0);
        int last = scales - 1;
        NDArray h = config().activation()
                .apply(in.forward(zTop))
                .reshape(rows, config().hidden().get(last), heights[last], widths[last]);
        List<NDArray> zs = new ArrayList<>();
        List<NDArray> kls = new ArrayList<>();
        NDArray logQ = null;
        NDArray logP = null;
        int scale = last;
        for (int t = 0; t < groups.size(); t++) {
            Group group = groups.get(t);
            if (group.scale() != scale) {
                h = ups.get(scale).forward(config().activation().apply(h));
                scale = group.scale();
            }
            NDList p = group.prior().forward(config().activation().apply(h)).split(2, 1);
            NDArray meanP = softClamp(p.get(0), MEAN_BOUND);
            NDArray logVarP = softClamp(p.get(1), LOG_VARIANCE_BOUND);
            NDArray z;
            if (features != null) {
                NDArray both = NDArrays.concat(new NDList(h, features.get(scale)), 1);
                NDList d = group.posterior()
                        .forward(config().activation().apply(both))
                        .split(2, 1);
                NDArray meanQ = meanP.add(softClamp(d.get(0), MEAN_BOUND));
                NDArray logVarQ = logVarP.add(softClamp(d.get(1), LOG_VARIANCE_BOUND));
                NDArray eps = noise.get(t).reshape(meanQ.getShape());
                z = meanQ.add(eps.mul(Tensors.scale(logVarQ, 0.5).exp()));
                NDArray q = HierarchicalVae.gaussianLogProb(flat(z), flat(meanQ), flat(logVarQ));
                logQ = logQ == null ? q : logQ.add(q);
                kls.add(gaussianKl(flat(meanQ), flat(logVarQ), flat(meanP), flat(logVarP)));
            } else if (given != null) {
                z = given.get(t).reshape(meanP.getShape());
            } else {
                z = temperature == 0
                        ? meanP
                        : meanP.add(Tensors.scale(
                                h.getManager()
                                        .randomNormal(meanP.getShape())
                                        .mul(Tensors.scale(logVarP, 0.5).exp()),
                                temperature));
            }
            NDArray lp = gaussianLogProb(flat(z), flat(meanP), flat(logVarP));
            logP = logP == null ? lp : logP.add(lp);
            zs.add(flat(z));
            h = h.add(group.combine().forward(z));
            for (ResidualBlock cell : group.cells()) {
                h = cell.forward(h);
            }
        }
        NDArray output = out.forward(config().activation().apply(h)).reshape(rows, -1);
        return new Walk(output, zs, logQ, logP, kls);
    }

    /** b · tanh(x / b): x near 0, smoothly bounded by ±b (NVAE's soft clamp of means and log-scales). */
    static NDArray softClamp(NDArray x, double bound) {
        return Tensors.scale(Tensors.divide(x, bound).tanh(), bound);
    }

    private static NDArray flat(NDArray map) {
        return map.reshape(map.getShape().get(0), -1);
    }

    /** (B, …) features repeated draw-major to (L·B, …). */
    private static NDArray repeat(NDArray features, long draws) {
        if (draws == 1) {
            return features;
        }
        long[] shape = features.getShape().getShape();
        long[] target = shape.clone();
        target[0] = shape[0] * draws;
        return Tensors.repeatBatch(features.reshape(shape[0], -1), draws).reshape(target);
    }

    @Override
    Pass infer(NDArray x, NDArray noise) {
        long draws = noise.getShape().get(0);
        long batch = x.getShape().get(0);
        long rows = draws * batch;
        List<NDArray> features = bottomUp(x);
        NDArray[] q = topOf(features.get(scales - 1));
        NDArray mean = Tensors.repeatBatch(q[0], draws);
        NDArray logVar = Tensors.repeatBatch(q[1], draws);
        // noise blocks, bottom first as layerDims: the groups in reverse top-down order, then z_0
        NDList blocks = noiseBlocks(noise);
        List<NDArray> groupNoise = new ArrayList<>();
        for (int t = 0; t < groups.size(); t++) {
            groupNoise.add(blocks.get(groups.size() - 1 - t).reshape(rows, -1));
        }
        NDArray epsTop = blocks.get(dims.size() - 1).reshape(rows, -1);
        NDArray zTop = mean.add(epsTop.mul(Tensors.scale(logVar, 0.5).exp()));
        List<NDArray> repeated = new ArrayList<>();
        for (NDArray f : features) {
            repeated.add(repeat(f, draws));
        }
        Walk w = walk(zTop, repeated, groupNoise, null, 0);
        NDArray logQTop = gaussianLogProb(zTop, mean, logVar);
        NDArray logPTop = StandardNormal.logProb(zTop);
        NDArray logPx = observation().logProb(x, w.output().reshape(draws, batch, -1));
        List<NDArray> z = new ArrayList<>(w.z());
        Collections.reverse(z);
        z.add(zTop);
        List<NDArray> kl = new ArrayList<>();
        for (int t = groups.size() - 1; t >= 0; t--) {
            kl.add(byDraw(w.kl().get(t), draws));
        }
        kl.add(byDraw(gaussianKl(mean, logVar, mean.zerosLike(), mean.zerosLike()), draws));
        return new Pass(z, byDraw(w.logQ().add(logQTop), draws), byDraw(w.logP().add(logPTop), draws), logPx, kl);
    }

    @Override
    NDArray logJoint(NDArray x, List<NDArray> z) {
        long batch = x.getShape().get(0);
        NDArray zTop = z.get(z.size() - 1);
        long draws = zTop.getShape().get(0) / batch;
        List<NDArray> given = new ArrayList<>();
        for (int t = 0; t < groups.size(); t++) {
            given.add(z.get(groups.size() - 1 - t));
        }
        Walk w = walk(zTop, null, null, given, 0);
        NDArray logPx = observation().logProb(x, w.output().reshape(draws, batch, -1));
        return logPx.add(byDraw(w.logP().add(StandardNormal.logProb(zTop)), draws));
    }

    @Override
    NDArray generate(NDArray zTop, double temperature) {
        return walk(zTop, null, null, null, temperature).output();
    }
}
