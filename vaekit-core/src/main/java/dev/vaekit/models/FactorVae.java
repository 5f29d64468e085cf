package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import dev.vaekit.data.TableSchema;
import dev.vaekit.engine.Tensors;
import dev.vaekit.nn.Linear;
import dev.vaekit.nn.NetworkKind;
import dev.vaekit.nn.Parameters;
import dev.vaekit.objectives.Loss;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * FactorVAE (Kim &amp; Mnih 2018, "Disentangling by Factorising"): a {@link Vae} that also penalises the total
 * correlation of the aggregate posterior q(z) = (1/N) Σ_n q(z|x_n),
 *
 * <pre>
 *   loss = −E_q[log p(x|z)] + w · (KL(q(z|x) ‖ p(z)) + γ · KL(q(z) ‖ Π_j q(z_j)))                        (eq. 2)
 * </pre>
 *
 * with w the warm-up weight ({@code objective.warmupEpochs}; 1 without warm-up). The total correlation has no closed
 * form; a discriminator D(z) = σ(s(z)) is trained to tell draws of q(z) from draws of Π_j q(z_j), and by the density
 * ratio trick (§3) TC = E_q(z)[log q(z) − log Π_j q(z_j)] ≈ E_q(z)[log D(z)/(1 − D(z))] = E_q(z)[s(z)]: the mean logit
 * of the batch's codes. The gradient of that term reaches the encoder through the discriminator.
 *
 * <p>The discriminator is this model's {@link AuxiliaryObjective}: its own parameters (a multilayer perceptron with
 * leaky ReLU of slope 0.2, one logit out; names {@code discriminator.layers.<i>.*}, {@code discriminator.out.*}) and its
 * own Adam, stepped after each of the VAE's steps on the cross-entropy of Algorithm 2,
 *
 * <pre>
 *   L_D = −½ E[log D(z)] − ½ E[log(1 − D(z̃))] = ½ E[softplus(−s(z))] + ½ E[softplus(s(z̃))],
 * </pre>
 *
 * z drawn from q(z|x) for the batch, z̃ the same codes with each dimension permuted independently across the batch
 * (Algorithm 1), a draw of Π_j q(z_j). Kim &amp; Mnih draw a second batch for the discriminator; like disentanglement_lib
 * (the library of Locatello et al. 2019, whose scores vaekit's are compared with), this step reuses the VAE's batch,
 * with a fresh draw of its codes.
 *
 * <p>The reported KL and bound are the ELBO's; {@code tc} is the discriminator's estimate. Validation and the
 * likelihood estimate are the VAE's. The discriminator is trained only: it is not part of the model's weights, its
 * exports or model folders; run folders keep it for resuming.
 */
public final class FactorVae extends Vae {
    /** The slope of the discriminator's leaky ReLU for negative inputs (Kim &amp; Mnih 2018, appendix A). */
    static final float LEAKY_SLOPE = 0.2f;

    /** The FactorVAE family: types {@code dense-factor-vae}, {@code conv-factor-vae} and {@code resnet-factor-vae}. */
    static final ModelFamily FAMILY = ModelFamily.withNetworks(
            "factor-vae",
            "FactorVAE",
            "A VAE that penalises the total correlation of its codes, estimated by a discriminator trained beside it "
                    + "(Kim & Mnih 2018).",
            Capabilities.Likelihood.BOUND,
            FactorVaeConfig.class,
            FactorVaeConfig::defaults,
            FactorVae::new,
            NetworkKind.DENSE,
            NetworkKind.CONV,
            NetworkKind.RESNET);

    private final FactorVaeConfig settings;
    private final Discriminator discriminator;

    /**
     * Builds the networks and the discriminator with freshly initialised weights (drawn from the engine's seeded
     * generator).
     *
     * @param config a FactorVAE's config
     * @param schema for the {@code mixed} likelihood, the table schema; else null
     * @param manager parent of the parameters' managers
     */
    public FactorVae(ModelConfig config, TableSchema schema, NDManager manager) {
        super(config, schema, manager);
        this.settings = config.family(FactorVaeConfig.class);
        this.discriminator = new Discriminator(new Parameters(manager), config.latentDim(), settings);
    }

    /**
     * The discriminator's logit s(z) = log D(z)/(1 − D(z)) for each code.
     *
     * @param z codes, shape (M, latentDim)
     * @return the logits, shape (M)
     */
    public NDArray logit(NDArray z) {
        return discriminator.forward(z);
    }

    /**
     * Permutes each dimension of a batch of codes independently across the batch (Kim &amp; Mnih 2018, Algorithm 1),
     * with permutations drawn from the engine's seeded generator: from codes of q(z), codes of Π_j q(z_j).
     *
     * @param z codes, shape (M, D)
     * @return the permuted codes, shape (M, D); column j is a permutation of z's column j
     */
    public static NDArray permuteDimensions(NDArray z) {
        NDArray order = z.getManager().randomUniform(0, 1, z.getShape()).argSort(0);
        return z.gather(order, 0);
    }

    /** The FactorVAE objective (eq. 2) with one draw per example; see the class. */
    @Override
    public Loss loss(Batch batch, LossContext context) {
        OneDraw d = OneDraw.of(this, batch);
        NDArray tc = logit(d.z()).mean();
        NDArray penalty = d.kl().add(Tensors.scale(tc, settings.factorGamma()));
        Map<String, NDArray> extra = new LinkedHashMap<>();
        extra.put("tc", tc);
        return d.loss(extra, Tensors.scale(penalty, context.klWeight()));
    }

    /**
     * The discriminator's cross-entropy L_D (see the class) on codes of q(z) and their dimension-wise permutation.
     *
     * @param z codes of q(z), shape (M, latentDim), detached from the encoder
     * @return L_D and its term {@code accuracy}: the share of the codes and permuted codes it classifies right
     */
    AuxiliaryObjective.Result discriminatorLoss(NDArray z) {
        NDArray real = logit(z);
        NDArray fake = logit(permuteDimensions(z));
        // −log σ(s) = softplus(−s), −log(1 − σ(s)) = softplus(s)
        NDArray value = Tensors.scale(
                Activation.softPlus(real.neg())
                        .mean()
                        .add(Activation.softPlus(fake).mean()),
                0.5);
        NDArray right = real.gt(0)
                .toType(DataType.FLOAT32, false)
                .mean()
                .add(fake.lte(0).toType(DataType.FLOAT32, false).mean());
        Map<String, NDArray> terms = new LinkedHashMap<>();
        terms.put("accuracy", Tensors.scale(right, 0.5));
        return new AuxiliaryObjective.Result(value, terms);
    }

    @Override
    public Optional<AuxiliaryObjective> auxiliary() {
        return Optional.of(discriminator);
    }

    @Override
    public void close() {
        discriminator.parameters().close();
        super.close();
    }

    /** The discriminator D(z) = σ(s(z)) and its objective; see the class. */
    private final class Discriminator implements AuxiliaryObjective {
        private final Parameters parameters;
        private final List<Linear> layers = new ArrayList<>();
        private final Linear out;
        private final Optimizer optimizer;

        Discriminator(Parameters parameters, int latentDim, FactorVaeConfig settings) {
            this.parameters = parameters;
            int in = latentDim;
            for (int i = 0; i < settings.discriminatorLayers() - 1; i++) {
                layers.add(new Linear(parameters, "discriminator.layers." + i, in, settings.discriminatorWidth()));
                in = settings.discriminatorWidth();
            }
            this.out = new Linear(parameters, "discriminator.out", in, 1);
            this.optimizer = settings.discriminatorOptimizer();
        }

        NDArray forward(NDArray z) {
            NDArray h = z;
            for (Linear layer : layers) {
                h = Activation.leakyRelu(layer.forward(h), LEAKY_SLOPE);
            }
            return out.forward(h).squeeze(1);
        }

        @Override
        public String name() {
            return "discriminator";
        }

        @Override
        public Parameters parameters() {
            return parameters;
        }

        @Override
        public Optimizer optimizer() {
            return optimizer;
        }

        /** {@link #discriminatorLoss} on a fresh draw of the batch's codes, detached from the encoder. */
        @Override
        public Result loss(Batch batch, LossContext context) {
            return discriminatorLoss(drawCode(batch.x(), batch.condition()).stopGradient());
        }
    }
}
