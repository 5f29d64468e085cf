package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.TableSchema;
import dev.vaekit.distributions.DiagonalGaussian;
import dev.vaekit.engine.Tensors;
import dev.vaekit.eval.LikelihoodEstimator;
import dev.vaekit.flows.FlowLayer;
import dev.vaekit.nn.NetworkKind;
import dev.vaekit.objectives.Elbo;
import dev.vaekit.objectives.Estimator;
import dev.vaekit.objectives.ImportanceWeightedBounds;
import dev.vaekit.objectives.Loss;
import dev.vaekit.objectives.ObjectiveConfig;
import java.util.List;
import java.util.Optional;

/**
 * A variational autoencoder (Kingma &amp; Welling 2014): an encoder network giving the diagonal Gaussian
 * q(z|x) = N(μ(x), diag σ²(x)), a prior p(z) (N(0, I), or the VampPrior), and a decoder network giving p(x|z). The
 * networks are dense, convolutional or residual ({@link ModelConfig#type}).
 *
 * <p>Tensor names in {@code weights.safetensors}: {@code encoder.layers.<i>.weight|bias} and {@code encoder.out.*}
 * (the output rows hold μ first, then log σ², so its width is 2·latentDim), {@code decoder.layers.<i>.*},
 * {@code decoder.out.*} (logits, Gaussian mean, the discretized logistic's means and log-scales, with mixture weight
 * logits first for K &gt; 1, or the categorical-256's 256 blocks of d level logits:
 * d·{@link ObservationModel#parametersPerFeature} rows) and, for a learned Gaussian σ, {@code decoder.logSigma}.
 * Convolutional networks name their tensors by stage
 * ({@link dev.vaekit.nn.ConvEncoder}, {@link dev.vaekit.nn.ConvDecoder}); the VampPrior's pseudo-inputs are
 * {@code prior.pseudoInputs}. A {@code pixel-vae} (PixelVAE, Gulrajani et al. 2017) adds its PixelCNN as
 * {@code decoder.pixel.*} ({@link dev.vaekit.nn.PixelCnn}, {@link dev.vaekit.nn.GatedPixelLayer}), and its
 * transposed-convolution decoder then outputs {@code pixelChannels} feature maps instead of p(x|z)'s parameters.
 *
 * <p>With a posterior flow ({@link VaeConfig#posteriorFlow}) the encoder's Gaussian is q_0 and a draw is pushed
 * through the flow's steps ({@code posterior.flow.<k>.*}); an IAF's context h(x) takes {@code latentDim} more rows of
 * {@code encoder.out}, after μ and log σ².
 */
public class Vae extends EncoderDecoder {
    /** The value of {@code model.type} of a dense VAE. */
    public static final String TYPE = "dense-vae";

    /** The VAE family: types {@code dense-vae}, {@code conv-vae}, {@code resnet-vae} and {@code pixel-vae}. */
    static final ModelFamily FAMILY = ModelFamily.withNetworks(
            "vae",
            "VAE",
            "A variational autoencoder (Kingma & Welling 2014): q(z|x), p(z), p(x|z), trained on the ELBO.",
            Capabilities.Likelihood.BOUND,
            VaeConfig.class,
            VaeConfig::defaults,
            Vae::new,
            NetworkKind.DENSE,
            NetworkKind.CONV,
            NetworkKind.RESNET,
            NetworkKind.PIXEL);

    private final VaeConfig vae;
    private final Prior prior;
    private final FlowLayer posteriorFlow;

    /**
     * The posterior of a batch before its flow: the encoder's Gaussian q_0(z|x) and, for an IAF, the context h(x).
     *
     * @param base q_0(z|x), mean and log-variance each (batch, latentDim)
     * @param context h(x), shape (batch, latentDim), or null when the flow takes none
     */
    public record Posterior(DiagonalGaussian base, NDArray context) {}

    /**
     * Draws from q_K(z|x) with their log-densities.
     *
     * @param z the codes z_K, shape (L, batch, latentDim)
     * @param logQ log q_K(z_K|x), shape (L, batch)
     */
    public record PosteriorSample(NDArray z, NDArray logQ) {}

    /**
     * Builds the networks with freshly initialised weights (drawn from the engine's seeded generator).
     *
     * @param config what to build; its input shape must be set
     * @param manager parent of the parameters' manager
     */
    public Vae(ModelConfig config, NDManager manager) {
        this(config, null, manager);
    }

    /**
     * Builds the networks with freshly initialised weights (drawn from the engine's seeded generator).
     *
     * @param config what to build; its input shape must be set
     * @param schema for the {@code mixed} likelihood, the table schema whose columns the decoder models; else null
     * @param manager parent of the parameters' manager
     */
    public Vae(ModelConfig config, TableSchema schema, NDManager manager) {
        this(config, NetworkFactory.STANDARD, schema, manager);
    }

    /**
     * Builds a VAE on networks of one's own, with freshly initialised weights. The config's type names the family
     * (its network is then only a label); reloading the model needs the same networks, e.g. through a family
     * registered with this constructor as its factory.
     *
     * @param config what to build; its input shape must be set
     * @param networks builds the encoder and decoder networks
     * @param schema for the {@code mixed} likelihood, the table schema; else null
     * @param manager parent of the parameters' manager
     */
    public Vae(ModelConfig config, NetworkFactory networks, TableSchema schema, NDManager manager) {
        this(config, config.family(VaeFamilyConfig.class).vae(), networks, schema, manager);
    }

    private Vae(ModelConfig config, VaeConfig vae, NetworkFactory networks, TableSchema schema, NDManager manager) {
        super(
                config,
                vae.likelihood(),
                vae,
                schema,
                manager,
                2 * config.latentDim() + PosteriorFlows.contextWidth(config, vae),
                networks);
        this.vae = vae;
        this.prior = switch (vae.prior()) {
            case STANDARD -> new StandardNormalPrior(config.latentDim());
            case VAMP -> new VampPrior(config, vae, parameters(), this::encode);
            case FLOW -> new FlowPrior(config, vae, parameters());
        };
        this.posteriorFlow = PosteriorFlows.create(config, vae, parameters());
    }

    /** @return the VAE's fields of the config */
    public VaeConfig vae() {
        return vae;
    }

    /** @return p(z) */
    public Prior prior() {
        return prior;
    }

    @Override
    public Optional<Prior> latentPrior() {
        return Optional.of(prior);
    }

    /**
     * q(z|x) of an unconditional model.
     *
     * @param x data, shape (batch, d)
     * @return the posterior's mean and log-variance, each (batch, latentDim)
     */
    public DiagonalGaussian encode(NDArray x) {
        return encode(x, null);
    }

    /**
     * q(z|x, c).
     *
     * @param x data, shape (batch, d)
     * @param condition for a conditional model, the one-hot labels c, shape (batch, C); null otherwise
     * @return the posterior's mean and log-variance, each (batch, latentDim)
     */
    public DiagonalGaussian encode(NDArray x, NDArray condition) {
        return posterior(x, condition).base();
    }

    /**
     * q_0(z|x, c) and the flow's context.
     *
     * @param x data, shape (batch, d)
     * @param condition for a conditional model, the one-hot labels c, shape (batch, C); null otherwise
     * @return the Gaussian before the posterior flow, and h(x) for an IAF
     */
    public Posterior posterior(NDArray x, NDArray condition) {
        NDArray out = encoderOutput(x, condition);
        long latent = config().latentDim();
        int axis = out.getShape().dimension() - 1;
        boolean hasContext = PosteriorFlows.contextWidth(config(), vae) > 0;
        NDList parts = hasContext ? out.split(new long[] {latent, 2 * latent}, axis) : out.split(2, axis);
        NDArray context = hasContext ? parts.get(2) : null;
        return new Posterior(new DiagonalGaussian(parts.get(0), parts.get(1)), context);
    }

    /**
     * Draws z_K ~ q_K(z|x) from noise: z_0 = μ + σ ε, then the posterior flow, with
     * log q_K(z_K|x) = log q_0(z_0|x) − Σ_k log |det ∂f_k/∂z_{k−1}| (Rezende &amp; Mohamed 2015, eq. 6). Without a
     * flow, z_K = z_0.
     *
     * @param q the batch's posterior
     * @param eps standard normal noise, shape (L, batch, latentDim)
     * @return the codes and their log-densities
     */
    public PosteriorSample draw(Posterior q, NDArray eps) {
        NDArray z0 = q.base().sample(eps);
        NDArray logQ0 = q.base().logProbOfSample(eps); // (L, batch)
        if (!vae.hasPosteriorFlow()) {
            return new PosteriorSample(z0, logQ0);
        }
        long[] s = eps.getShape().getShape(); // (L, batch, latent)
        NDArray context = q.context() == null ? null : Tensors.repeatBatch(q.context(), s[0]);
        FlowLayer.Result r = posteriorFlow.forward(z0.reshape(s[0] * s[1], s[2]), context);
        return new PosteriorSample(
                r.output().reshape(s[0], s[1], s[2]), logQ0.sub(r.logDet().reshape(s[0], s[1])));
    }

    /** @return the posterior mean μ(x), pushed through the posterior flow if there is one */
    @Override
    public NDArray code(NDArray x, NDArray condition) {
        Posterior q = posterior(x, condition);
        if (!vae.hasPosteriorFlow()) {
            return q.base().mean();
        }
        return posteriorFlow.forward(q.base().mean(), q.context()).output();
    }

    /**
     * {@inheritDoc}
     *
     * @throws InvalidInputException when q(z|x) is pushed through a posterior flow, so that it is not the encoder's
     *     Gaussian
     */
    @Override
    public DiagonalGaussian gaussianPosterior(NDArray x, NDArray condition) {
        if (vae.hasPosteriorFlow()) {
            throw new InvalidInputException(config().type() + " pushes q(z|x) through a "
                    + vae.posteriorFlow().id() + " posterior flow, so it is not a diagonal Gaussian");
        }
        return encode(x, condition);
    }

    @Override
    public NDArray drawCode(NDArray x, NDArray condition) {
        Posterior q = posterior(x, condition);
        NDArray eps = x.getManager().randomNormal(q.base().mean().getShape()).expandDims(0); // L = 1
        return draw(q, eps).z().squeeze(0);
    }

    /** The closed form of each dimension's KL when the prior is N(0, I) and there is no posterior flow. */
    @Override
    public Optional<NDArray> klPerDimension(NDArray x, NDArray condition) {
        if (!vae.analyticKl()) {
            return Optional.empty();
        }
        return Optional.of(posterior(x, condition).base().klPerDimension());
    }

    @Override
    public String codeName(boolean plural) {
        return plural ? "posterior means" : "posterior mean";
    }

    @Override
    public List<String> encoderOutputs() {
        return vae.hasPosteriorFlow() ? List.of() : List.of("mu", "logvar");
    }

    /**
     * The terms a VAE's objectives are made of, for L draws per datapoint.
     *
     * @param posterior q_0(z|x) of the batch and the posterior flow's context
     * @param draw the L draws z_l ~ q(z|x) with log q(z_l|x), (L, batch, latentDim) and (L, batch)
     * @param logPxGivenZ log p(x|z_l), shape (L, batch)
     */
    public record Sampled(Posterior posterior, PosteriorSample draw, NDArray logPxGivenZ) {}

    /**
     * Encodes a batch, draws L codes per datapoint with the engine's generator and scores the batch under each.
     *
     * @param batch the examples and their condition
     * @param samples L ≥ 1
     * @return the sampled terms
     */
    public Sampled sampled(Batch batch, int samples) {
        NDArray x = batch.x();
        NDArray condition = batch.condition();
        long size = x.getShape().get(0);
        int latent = config().latentDim();
        Posterior posterior = posterior(x, condition);
        NDArray eps = x.getManager().randomNormal(new Shape(samples, size, latent));
        PosteriorSample draw = draw(posterior, eps);
        NDArray context = autoregressive() ? Tensors.repeatBatch(x, samples) : null;
        NDArray conditions = condition == null ? null : Tensors.repeatBatch(condition, samples);
        NDArray out = decode(draw.z().reshape(samples * size, latent), context, conditions)
                .reshape(samples, size, -1);
        return new Sampled(posterior, draw, observation().logProb(x, out));
    }

    /**
     * The negative bound the estimator names (Kingma &amp; Welling 2014; Burda et al. 2015), for the objective's
     * estimator, samples L, KL weight and free bits; see {@link Elbo}.
     */
    @Override
    public Loss loss(Batch batch, LossContext context) {
        ObjectiveConfig objective = context.objective();
        if (objective.estimator().importanceWeighted() && objective.estimator() != Estimator.IWAE) {
            return weightedBound(batch, objective);
        }
        return elbo(
                batch, objective.estimator(), objective.samples(), context.klWeight(), (float) objective.freeBits());
    }

    /**
     * The MIWAE, CIWAE or PIWAE bound of Rainforth et al. 2018 ({@link ImportanceWeightedBounds}) on groups × samples
     * draws per datapoint. PIWAE's generative-only log-weights take a second decoder pass, on the same codes held
     * constant.
     */
    private Loss weightedBound(Batch batch, ObjectiveConfig objective) {
        int draws = objective.draws();
        Sampled s = sampled(batch, draws);
        NDArray logRatio = s.draw().logQ().sub(prior.logProb(s.draw().z()));
        return ImportanceWeightedBounds.loss(objective, s.logPxGivenZ(), logRatio, () -> {
            NDArray x = batch.x();
            long size = x.getShape().get(0);
            NDArray z = s.draw().z().stopGradient();
            NDArray context = autoregressive() ? Tensors.repeatBatch(x, draws) : null;
            NDArray conditions = batch.condition() == null ? null : Tensors.repeatBatch(batch.condition(), draws);
            NDArray out = decode(z.reshape(draws * size, config().latentDim()), context, conditions)
                    .reshape(draws, size, -1);
            return observation()
                    .logProb(x, out)
                    .add(prior.logProb(z))
                    .sub(s.draw().logQ().stopGradient());
        });
    }

    /**
     * The ELBO with one sample, its KL in closed form where there is one (estimator B) and sampled otherwise (A: the
     * VampPrior, the flow prior, a posterior flow).
     */
    @Override
    public Loss validationLoss(Batch batch) {
        return elbo(batch, vae.analyticKl() ? Estimator.B : Estimator.A, 1, 1f, 0f);
    }

    /**
     * Computes a bound of a batch, differentiably.
     *
     * @param batch the examples and their condition
     * @param estimator A, B, IWAE, or MIWAE, CIWAE, PIWAE with one group and the default CIWAE β; B needs the
     *     closed-form KL ({@link VaeConfig#analyticKl})
     * @param samples L ≥ 1
     * @param klWeight weight of the KL term (β, possibly warmed up); ignored by IWAE
     * @param freeBits λ ≥ 0 nats per latent dimension not charged (estimator B only; 0 is off)
     * @return the loss and its terms
     */
    public Loss elbo(Batch batch, Estimator estimator, int samples, float klWeight, float freeBits) {
        if (estimator.importanceWeighted() && estimator != Estimator.IWAE) { // one group, the default CIWAE β
            return weightedBound(
                    batch,
                    ObjectiveConfig.builder()
                            .estimator(estimator)
                            .samples(samples)
                            .build());
        }
        Sampled s = sampled(batch, samples);
        if (estimator == Estimator.B) {
            if (!vae.analyticKl()) {
                throw new IllegalArgumentException("estimator B needs a closed-form KL, which the "
                        + vae.prior().id() + " prior with the "
                        + vae.posteriorFlow().id() + " posterior flow lacks");
            }
            return Elbo.analyticKl(s.logPxGivenZ(), s.posterior().base(), klWeight, freeBits);
        }
        // log q(z|x) − log p(z) per sample: the integrand of the Monte-Carlo KL
        NDArray logRatio = s.draw().logQ().sub(prior.logProb(s.draw().z())); // (L, batch)
        return estimator == Estimator.A
                ? Elbo.monteCarloKl(s.logPxGivenZ(), logRatio, klWeight)
                : Elbo.iwae(s.logPxGivenZ(), logRatio);
    }

    /** @return importance sampling with the encoder as proposal ({@link ImportanceSampledLogLikelihood}) */
    @Override
    public Optional<LikelihoodEstimator> likelihood() {
        return Optional.of(new ImportanceSampledLogLikelihood(this));
    }
}
