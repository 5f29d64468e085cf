package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.TableSchema;
import dev.vaekit.distributions.GumbelSoftmax;
import dev.vaekit.engine.Tensors;
import dev.vaekit.eval.LikelihoodEstimator;
import dev.vaekit.nn.NetworkKind;
import dev.vaekit.nn.PixelCnn;
import dev.vaekit.objectives.Loss;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The VQ-VAE of van den Oord, Vinyals &amp; Kavukcuoglu 2017 ("Neural Discrete Representation Learning"), on vaekit's
 * networks: the encoder maps x to n = {@code model.latentDim} vectors z_e of D values; each is replaced by the nearest
 * of K codebook vectors e_k (its code k = argmin_j ‖z_e − e_j‖², eq. 1–2), and the decoder maps the n chosen vectors to
 * p(x|z_q). Training minimises (eq. 3, the codebook term replaced by moving averages, appendix A.1)
 *
 * <pre>
 *   loss = −log p(x | z_e + sg(z_q − z_e)) + β ‖z_e − sg(z_q)‖²,
 * </pre>
 *
 * the straight-through estimator passing the decoder's gradient at z_q to z_e unchanged. The codebook is not trained by
 * gradient: after each training step's assignment it moves by exponential moving averages (appendix A.1, eqs. 6–8),
 *
 * <pre>
 *   N_k ← γ N_k + (1 − γ) n_k,   m_k ← γ m_k + (1 − γ) Σ_{i: k_i = k} z_e,i,   e_k = m_k / Ñ_k,
 * </pre>
 *
 * n_k the batch's vectors assigned to k and Ñ_k = (N_k + ε) / (Σ_j N_j + K ε) · Σ_j N_j the counts with Laplace
 * smoothing (ε = 1e-5), so a code no vector chose keeps its vector instead of dividing by zero. N and m start at 1 and
 * e, so e = m/N from the first step. The three are buffers ({@code codebook.embedding}, {@code
 * codebook.clusterSize}, {@code codebook.embeddingSum}): saved and loaded with the weights, never seen by the
 * optimiser, and updated inside {@link #loss} only while the model is in training mode ({@link #setTraining}), so
 * validation, evaluation and scoring leave them alone. The loss reports the batch's {@code commitment}, {@code usage}
 * (the share of the codebook its vectors chose) and {@code perplexity} (exp of the entropy of the codes' batch
 * frequencies: K when all are used evenly, 1 when one code takes all).
 *
 * <p><b>Prior and likelihood.</b> The codes of an example, laid out as a √n × √n grid when n is a square and as one
 * row otherwise, have a PixelCNN prior p(k) = Π_i p(k_i | k_&lt;i) ({@link PixelCnn}, K logits per position, its input
 * each code as k/(K − 1); parameters {@code prior.*}). It is trained on the encoder's codes, held as data (no gradient
 * reaches the encoder from it): beside the autoencoder during the first {@code model.autoencoderEpochs} epochs, and
 * alone after them, so that it ends fitted to the codes of the finished autoencoder. In those later epochs the
 * autoencoder's weights receive no gradient (Adam's momentum still carries them a few steps) and the codebook stays
 * fixed. With a point-mass posterior q(k|x) = 1 at the encoder's codes, the ELBO is
 *
 * <pre>
 *   log p(x) ≥ log p(x | z_q(x)) + log p(k(x)),
 * </pre>
 *
 * a true lower bound of the model's log-likelihood that importance sampling cannot tighten (every draw of q is the same
 * code), which is what {@link #validationLoss} and the likelihood estimator ({@link VqVaeBound}, k = 1) report: its
 * reconstruction and its prior term (reported as the KL, −log p(k(x)), the KL of a point mass to the prior). Before
 * the prior has seen the final codes this bound is loose; it says nothing of a VQ-VAE trained without a prior.
 *
 * <p>The latent space ({@link Autoencoder}): a code is the n codebook indices as numbers (decoding rounds each to the
 * nearest index in 0 … K − 1); samples draw the indices from the PixelCNN, position by position.
 */
public final class VqVae extends EncoderDecoder {
    /** The VQ-VAE family. */
    static final ModelFamily FAMILY = ModelFamily.withNetworks(
            "vq-vae",
            "VQ-VAE",
            "A VQ-VAE (van den Oord et al. 2017): codes quantised to a codebook kept by moving averages, a PixelCNN "
                    + "prior over them.",
            Capabilities.Likelihood.BOUND,
            VqVaeConfig.class,
            VqVaeConfig::defaults,
            VqVae::new,
            NetworkKind.DENSE,
            NetworkKind.CONV,
            NetworkKind.RESNET);

    /** ε of the Laplace smoothing of the codebook counts. */
    static final double EPSILON = 1e-5;

    private final VqVaeConfig own;
    private final int positions;
    private final int dim;
    private final int codes;
    private final int gridHeight;
    private final int gridWidth;
    private final NDArray embedding;
    private final NDArray clusterSize;
    private final NDArray embeddingSum;
    private final PixelCnn prior;
    private boolean training;

    /**
     * The quantisation of a batch.
     *
     * @param zE the encoder's vectors, (B, n, D), with gradient
     * @param oneHot each vector's code, one-hot, (B·n, K)
     * @param indices the codes as numbers, (B, n)
     * @param zQ the chosen codebook vectors, (B, n, D), without gradient
     */
    public record Quantized(NDArray zE, NDArray oneHot, NDArray indices, NDArray zQ) {}

    /**
     * Builds the networks with freshly initialised weights and a codebook of N(0, 1) values (drawn from the engine's
     * seeded generator).
     *
     * @param config a VQ-VAE's config; its input shape must be set
     * @param schema ignored (the mixed likelihood is not supported)
     * @param manager parent of the parameters' manager
     */
    public VqVae(ModelConfig config, TableSchema schema, NDManager manager) {
        this(config, config.family(VqVaeConfig.class), schema, manager);
    }

    private VqVae(ModelConfig config, VqVaeConfig own, TableSchema schema, NDManager manager) {
        super(
                config,
                own.likelihood(),
                null,
                schema,
                manager,
                config.latentDim() * own.embeddingDim(),
                MixedLatentVae.widenedDecoder(config.latentDim() * own.embeddingDim()));
        if (config.conditional()) {
            throw new InvalidInputException(config.type() + " is not conditional on labels");
        }
        this.own = own;
        this.positions = config.latentDim();
        this.dim = own.embeddingDim();
        this.codes = own.codebookSize();
        int side = (int) Math.round(Math.sqrt(positions));
        this.gridHeight = side * side == positions ? side : 1;
        this.gridWidth = positions / gridHeight;
        Shape table = new Shape(codes, dim);
        this.embedding = parameters().buffer("codebook.embedding", table, 0f);
        this.clusterSize = parameters().buffer("codebook.clusterSize", new Shape(codes), 1f);
        this.embeddingSum = parameters().buffer("codebook.embeddingSum", table, 0f);
        NDArray initial = parameters().manager().randomNormal(table);
        parameters().assign(embedding, initial);
        parameters().assign(embeddingSum, initial);
        initial.close();
        this.prior = new PixelCnn(
                parameters(),
                "prior",
                List.of(1, gridHeight, gridWidth),
                own.priorLayers(),
                own.priorChannels(),
                1,
                codes);
    }

    /** @return the family's fields */
    public VqVaeConfig vq() {
        return own;
    }

    /** @return the codebook e, (K, D) */
    public NDArray codebook() {
        return embedding;
    }

    /** @return (rows, columns) of the grid the prior lays the n codes out on */
    public int[] grid() {
        return new int[] {gridHeight, gridWidth};
    }

    @Override
    public void setTraining(boolean training) {
        super.setTraining(training);
        this.training = training;
    }

    // ---- quantisation -----------------------------------------------------------------------------------------------

    /**
     * Encodes a batch and assigns every vector its nearest codebook vector (eq. 2).
     *
     * @param x data, (B, d)
     * @return the quantisation
     */
    public Quantized quantize(NDArray x) {
        long batch = x.getShape().get(0);
        NDArray zE = encoderOutput(x, null).reshape(batch, positions, dim);
        NDArray flat = zE.reshape(batch * positions, dim).stopGradient();
        NDArray oneHot = nearest(flat, embedding);
        NDArray indices = oneHot.argMax(1).toType(DataType.FLOAT32, false).reshape(batch, positions);
        NDArray zQ = oneHot.matMul(embedding).reshape(batch, positions, dim).stopGradient();
        return new Quantized(zE, oneHot, indices, zQ);
    }

    /**
     * @param vectors (M, D)
     * @param codebook (K, D)
     * @return each vector's nearest codebook vector (least squared distance), one-hot, (M, K)
     */
    public static NDArray nearest(NDArray vectors, NDArray codebook) {
        // ‖v − e‖² = ‖v‖² − 2 v·e + ‖e‖²
        NDArray distances = vectors.square()
                .sum(new int[] {1}, true)
                .sub(Tensors.scale(vectors.matMul(codebook.transpose()), 2))
                .add(codebook.square().sum(new int[] {1}).expandDims(0));
        long k = codebook.getShape().get(0);
        NDArray index = distances.argMin(1).toType(DataType.FLOAT32, false).expandDims(1);
        return vectors.getManager()
                .arange(0f, (float) k, 1f)
                .expandDims(0)
                .eq(index)
                .toType(DataType.FLOAT32, false)
                .stopGradient();
    }

    /**
     * The straight-through estimator (van den Oord et al. 2017, §3.2): z_q forward, and backward the gradient at z_q
     * copied to z_e.
     *
     * @param zE the encoder's vectors, with gradient
     * @param zQ the chosen codebook vectors
     * @return z_e + sg(z_q − z_e)
     */
    public static NDArray straightThrough(NDArray zE, NDArray zQ) {
        return zE.add(zQ.sub(zE).stopGradient());
    }

    /**
     * One exponential-moving-average step of the codebook (appendix A.1, eqs. 6–8, with Laplace-smoothed counts).
     *
     * @param clusterSize N, (K)
     * @param embeddingSum m, (K, D)
     * @param vectors the batch's vectors z_e, (M, D)
     * @param oneHot their codes, (M, K)
     * @param decay γ
     * @param epsilon ε of the smoothing
     * @return the new N, m and e
     */
    public static NDArray[] emaStep(
            NDArray clusterSize, NDArray embeddingSum, NDArray vectors, NDArray oneHot, double decay, double epsilon) {
        NDArray counts = oneHot.sum(new int[] {0});
        NDArray sums = oneHot.transpose().matMul(vectors);
        NDArray n = Tensors.scale(clusterSize, decay).add(Tensors.scale(counts, 1 - decay));
        NDArray m = Tensors.scale(embeddingSum, decay).add(Tensors.scale(sums, 1 - decay));
        double total = Tensors.scalar(n.sum());
        long k = clusterSize.getShape().get(0);
        NDArray smoothed = Tensors.scale(Tensors.divide(n.add((float) epsilon), total + k * epsilon), total);
        NDArray e = m.div(smoothed.expandDims(1));
        return new NDArray[] {n, m, e};
    }

    /**
     * The usage of a batch's codes.
     *
     * @param oneHot the codes, (M, K)
     * @return the share of the K codes chosen at least once, and the perplexity exp(−Σ_k p_k log p_k) of their
     *     frequencies p_k
     */
    public static double[] usage(NDArray oneHot) {
        float[] p = oneHot.mean(new int[] {0}).toFloatArray();
        double entropy = 0;
        int used = 0;
        for (float v : p) {
            if (v > 0) {
                used++;
                entropy -= v * Math.log(v);
            }
        }
        return new double[] {(double) used / p.length, Math.exp(entropy)};
    }

    // ---- prior --------------------------------------------------------------------------------------------------

    /**
     * The prior's logits of every position given the codes before it (teacher forcing).
     *
     * @param indices codes as numbers, (B, n)
     * @return (B, n, K)
     */
    NDArray priorLogits(NDArray indices) {
        long batch = indices.getShape().get(0);
        NDArray features = indices.getManager().zeros(new Shape(batch, positions));
        NDArray input = Tensors.divide(indices, codes - 1);
        NDArray out = prior.forward(features, input); // (B, K·n): K blocks of n
        return out.reshape(batch, codes, positions).transpose(0, 2, 1);
    }

    /**
     * log p(k) under the PixelCNN prior.
     *
     * @param indices codes as numbers, (B, n); rounded and clamped to 0 … K − 1
     * @return shape (B)
     */
    public NDArray logPrior(NDArray indices) {
        NDArray k = Tensors.atMost(Tensors.atLeast(indices.round(), 0), codes - 1);
        NDArray oneHot = indices.getManager()
                .arange(0f, (float) codes, 1f)
                .eq(k.expandDims(2))
                .toType(DataType.FLOAT32, false);
        return GumbelSoftmax.logProb(oneHot, priorLogits(k)).sum(new int[] {1});
    }

    /**
     * Draws codes from the PixelCNN prior, position by position, with the engine's generator.
     *
     * @param manager owner of the result
     * @param n how many
     * @return codes as numbers, (n, positions)
     */
    public NDArray samplePrior(NDManager manager, int n) {
        NDArray features = manager.zeros(new Shape(n, positions));
        NDArray drawn = prior.sample(features, (parameters, pixel, channel, sofar) -> {
            NDArray u = parameters.getManager().randomUniform(0f, 1f, parameters.getShape());
            NDArray k = parameters.add(GumbelSoftmax.gumbel(u)).argMax(1).toType(DataType.FLOAT32, false);
            return Tensors.divide(k, codes - 1);
        });
        return Tensors.scale(drawn, codes - 1).round();
    }

    // ---- objectives ---------------------------------------------------------------------------------------------

    /** log p(x|z) for decoder input vectors (B, n, D). */
    private NDArray logPxGivenVectors(NDArray x, NDArray vectors) {
        long batch = x.getShape().get(0);
        NDArray out = decodeInput(vectors.reshape(batch, (long) positions * dim), null, null);
        return observation().logProb(x, out);
    }

    /**
     * The autoencoder's loss and the prior's negative log-likelihood in the first {@code model.autoencoderEpochs}
     * epochs, the prior's alone after them; the codebook's moving averages step in training mode during the first.
     */
    @Override
    public Loss loss(Batch batch, LossContext context) {
        NDArray x = batch.x();
        Quantized q = quantize(x);
        NDArray priorNll = logPrior(q.indices()).mean().neg();
        boolean autoencoder = context.epochProgress() < own.autoencoderEpochs();
        NDArray commitment = q.zE().sub(q.zQ()).square().sum(new int[] {1, 2}).mean();
        NDArray value;
        NDArray reconstruction;
        if (autoencoder) {
            reconstruction =
                    logPxGivenVectors(x, straightThrough(q.zE(), q.zQ())).mean();
            value = reconstruction
                    .neg()
                    .add(Tensors.scale(commitment, own.commitment()))
                    .add(priorNll);
        } else {
            reconstruction = logPxGivenVectors(x, q.zQ()).mean(); // reported only: no gradient reaches the networks
            value = priorNll;
        }
        double[] usage = usage(q.oneHot());
        if (training && autoencoder) {
            NDArray flat =
                    q.zE().reshape((long) x.getShape().get(0) * positions, dim).stopGradient();
            NDArray[] next = emaStep(clusterSize, embeddingSum, flat, q.oneHot(), own.codebookDecay(), EPSILON);
            parameters().assign(clusterSize, next[0]);
            parameters().assign(embeddingSum, next[1]);
            parameters().assign(embedding, next[2]);
        }
        Map<String, NDArray> extra = new LinkedHashMap<>();
        extra.put("commitment", commitment.stopGradient());
        extra.put("usage", Tensors.constant(commitment, usage[0]));
        extra.put("perplexity", Tensors.constant(commitment, usage[1]));
        return new Loss(value, reconstruction, priorNll, reconstruction.sub(priorNll), extra);
    }

    /** The negative ELBO of the point-mass posterior: −log p(x|z_q(x)) − log p(k(x)). */
    @Override
    public Loss validationLoss(Batch batch) {
        NDArray x = batch.x();
        Quantized q = quantize(x);
        NDArray reconstruction = logPxGivenVectors(x, q.zQ()).mean();
        NDArray kl = logPrior(q.indices()).mean().neg();
        NDArray bound = reconstruction.sub(kl);
        return new Loss(bound.neg(), reconstruction, kl, bound);
    }

    @Override
    public Optional<LikelihoodEstimator> likelihood() {
        return Optional.of(new VqVaeBound(this));
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(Capabilities.Likelihood.BOUND, true, false, true, false, false);
    }

    // ---- latent space -------------------------------------------------------------------------------------------

    /** @return the codebook indices of x, as numbers */
    @Override
    public NDArray code(NDArray x, NDArray condition) {
        requireUnconditional(condition);
        return quantize(x).indices();
    }

    /**
     * @param code codes as numbers, (m, n), each rounded and clamped to 0 … K − 1
     * @return their codebook vectors, (m, n·D)
     */
    @Override
    NDArray decoderInput(NDArray code) {
        long m = code.getShape().get(0);
        NDArray k = Tensors.atMost(Tensors.atLeast(code.round(), 0), codes - 1);
        NDArray oneHot = code.getManager()
                .arange(0f, (float) codes, 1f)
                .eq(k.reshape(m * positions, 1))
                .toType(DataType.FLOAT32, false);
        return oneHot.matMul(embedding).reshape(m, (long) positions * dim);
    }

    /** @return the PixelCNN prior over codes */
    @Override
    public Optional<Prior> latentPrior() {
        return Optional.of(new Prior() {
            @Override
            public NDArray logProb(NDArray z) {
                return logPrior(z);
            }

            @Override
            public NDArray sample(NDManager manager, long n) {
                return samplePrior(manager, Math.toIntExact(n));
            }

            @Override
            public boolean analyticKl() {
                return false;
            }

            @Override
            public String id() {
                return "pixelcnn";
            }
        });
    }

    /** Codes drawn from the PixelCNN prior, rendered as E[x|z_q]; the temperature must be 1. */
    @Override
    public NDArray sample(NDManager manager, int n, double temperature, NDArray condition) {
        requireUnconditional(condition);
        if (temperature != 1) {
            throw new InvalidInputException("--temperature scales draws of N(0, I); a VQ-VAE's codes come from its "
                    + "PixelCNN prior, so leave it at 1");
        }
        return render(samplePrior(manager, n), null);
    }

    @Override
    public String codeName(boolean plural) {
        return plural ? "codebook indices" : "codebook index";
    }

    /** @return none: a code is the nearest codebook vector's index, not the encoder network's output */
    @Override
    public List<String> encoderOutputs() {
        return List.of();
    }
}
