package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.eval.LikelihoodEstimator;
import dev.vaekit.flows.BaseDistribution;
import dev.vaekit.flows.DensityFlow;
import dev.vaekit.flows.Dequantization;
import dev.vaekit.flows.FlowLayer;
import dev.vaekit.nn.Parameters;
import dev.vaekit.objectives.Loss;
import java.util.Optional;

/**
 * A stand-alone normalizing flow (NICE, MAF, RealNVP, Glow): an invertible f from data to codes of the same size, a
 * fixed base density p_Z, and the exact log-likelihood
 *
 * <pre>
 *   log p(x) = log p_Z(f(x)) + log |det ∂f/∂x|                         (Dinh et al. 2017, eq. 3)
 * </pre>
 *
 * Its encoder is exact (z = f(x), no posterior to approximate) and its decoder comes free (x = f⁻¹(z)). The flow
 * takes each example as a vector (d) or, for the image flows, as (C, H, W); its codes are always flat, (batch, d).
 *
 * <p>On 8-bit data ({@link FlowConfig#dequantize}) the values v/255 are read back as integers k ∈ {0..255} and
 * dequantized, y = (k + u)/256 with u ~ U[0, 1)^D (Theis et al. 2016), then put on the real line by the flow's
 * preprocessing t (RealNVP and MAF: the logit; Glow: the shift to [−½, ½]; NICE: none; {@link Dequantization}). The
 * flow models the density of t(y); the probability of the 8-bit image satisfies, by Jensen's inequality,
 *
 * <pre>
 *   log P(k) = log ∫_{[0,1)^D} p_Y((k + u)/256) 256^{−D} du ≥ E_u[log p_Y((k + u)/256)] − D log 256,
 *   log p_Y(y) = log p_Z(f(t(y))) + log |det ∂f/∂t| + log |det ∂t/∂y|,
 * </pre>
 *
 * and {@link #logProb} returns the one-sample estimate of that bound, in nats, so its negative divided by D ln 2 is
 * the bits/dim that the flow papers report. On continuous data {@link #logProb} is the density of the values as they
 * are.
 *
 * <p>Tensor names in {@code weights.safetensors}: {@code flow.*}, laid out by the architecture
 * ({@link FlowArchitecture}).
 */
public final class FlowModel implements Model {
    private final ModelConfig config;
    private final FlowConfig flowConfig;
    private final Parameters parameters;
    private final DensityFlow density;

    /**
     * Builds the flow with freshly initialised weights (drawn from the engine's seeded generator).
     *
     * @param config a flow type ({@link FlowArchitecture}) with its input shape set
     * @param manager parent of the parameters' manager
     */
    public FlowModel(ModelConfig config, NDManager manager) {
        FlowArchitecture architecture = FlowArchitecture.of(config);
        this.config = config;
        this.flowConfig = config.family(FlowConfig.class);
        this.parameters = new Parameters(manager);
        FlowArchitecture.Built built;
        try {
            built = architecture.build(config, flowConfig, parameters);
        } catch (RuntimeException e) {
            parameters.close(); // a config the architecture refuses leaves nothing allocated behind
            throw e;
        }
        this.density = new DensityFlow(
                built.flow(),
                built.base(),
                flowConfig.dequantize()
                        ? new Dequantization(flowConfig.flowTransform().resolve(architecture))
                        : null,
                built.exampleShape(),
                new Shape(config.inputDim()));
        setTraining(false);
    }

    @Override
    public void setTraining(boolean training) {
        density.flow().setTraining(training);
    }

    /** @return the flow, its base and its preprocessing as one density model */
    public DensityFlow density() {
        return density;
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public Parameters parameters() {
        return parameters;
    }

    /** @return the invertible map f */
    public FlowLayer flow() {
        return density.flow();
    }

    /** @return p_Z */
    public BaseDistribution base() {
        return density.base();
    }

    /** @return whether the data are modelled as 8-bit values, with bits/dim */
    public boolean discrete() {
        return flowConfig.dequantize();
    }

    /**
     * The log-likelihood of each example, differentiably: the exact log-density for continuous data; for 8-bit data
     * the one-sample dequantization bound on log P(x) described above (a fresh u per call).
     *
     * @param x data as vaekit holds it, shape (batch, d)
     * @return nats per example, shape (batch)
     */
    public NDArray logProb(NDArray x) {
        return density.logProb(x);
    }

    /** Data-dependent initialisation (actnorm) from the first batch of a fresh run. */
    @Override
    public void prepare(Batch firstBatch) {
        density.initialize(firstBatch.x());
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(config.modelType().family().likelihood(), false, false, true, false, false);
    }

    /** The exact negative log-likelihood −log p(x) (on 8-bit data its one-sample dequantization bound). */
    @Override
    public Loss loss(Batch batch, LossContext context) {
        return validationLoss(batch);
    }

    /** −log p(x), reported as a bound equal to the reconstruction term, with a zero KL term. */
    @Override
    public Loss validationLoss(Batch batch) {
        NDArray logPx = logProb(batch.x()).mean();
        return new Loss(logPx.neg(), logPx, batch.x().getManager().zeros(new Shape()), logPx);
    }

    /** @return the exact density, averaged over dequantization draws on 8-bit data ({@link ExactLogLikelihood}) */
    @Override
    public Optional<LikelihoodEstimator> likelihood() {
        return Optional.of(new ExactLogLikelihood(this));
    }

    /** Draws z ~ p_Z at temperature T and inverts the flow; a flow has no condition. */
    @Override
    public NDArray sample(NDManager manager, int n, double temperature, NDArray condition) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        return sample(manager, n, (float) temperature);
    }

    /**
     * The code of each example: z = f(t(y)) at the centre of each 8-bit value's bin (u = ½), or of the values
     * themselves for continuous data.
     *
     * @param x data, shape (batch, d)
     * @return codes, shape (batch, d)
     */
    public NDArray code(NDArray x) {
        return density.code(x);
    }

    /**
     * Maps codes back to data: x = t⁻¹(f⁻¹(z)), rounded down to the 8-bit value whose bin it falls in for 8-bit
     * data.
     *
     * @param z codes, shape (n, d)
     * @return data, shape (n, d)
     */
    public NDArray decode(NDArray z) {
        return density.decode(z).reshape(z.getShape().get(0), -1);
    }

    /**
     * Draws samples: z ~ p_Z at temperature T, then {@link #decode}.
     *
     * @param manager owner of the result
     * @param n how many
     * @param temperature T &gt; 0 (Kingma &amp; Dhariwal 2018, §5)
     * @return data, shape (n, d)
     */
    public NDArray sample(NDManager manager, long n, float temperature) {
        return density.sample(manager, n, temperature).reshape(n, -1);
    }

    @Override
    public void close() {
        parameters.close();
    }
}
