package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.data.TableSchema;
import dev.vaekit.nn.NetworkKind;
import dev.vaekit.objectives.Loss;
import java.util.Optional;

/**
 * A plain, deterministic autoencoder with the VAE's networks: the encoder maps x to one code z = enc(x) in
 * ℝ^latentDim, the decoder gives p(x|z) through the same observation models (Bernoulli logits or a Gaussian mean),
 * and training minimises the reconstruction negative log-likelihood
 *
 * <pre>
 *   loss(x) = −log p(x | z = enc(x)),
 * </pre>
 *
 * averaged over the batch — for a Bernoulli decoder the binary cross-entropy, for a fixed-σ Gaussian the squared error
 * scaled by 1/(2σ²) plus a constant. No noise, no KL term, no prior: nothing pulls the codes towards N(0, I), so
 * decoding draws of N(0, I) does not sample anything (the contrast that {@code vaekit compare ae-vs-vae} shows). Its
 * loss is reported in the ELBO's shape so that training, metrics and validation treat it alike: reconstruction =
 * log p(x | enc(x)), KL = 0, bound = reconstruction (which bounds nothing: without a prior there is no p(x)).
 *
 * <p>Tensor names in {@code weights.safetensors} are the {@link Vae}'s, except that {@code encoder.out} is latentDim
 * wide (it gives z itself).
 */
public final class PlainAutoencoder extends DeterministicAutoencoder {
    /** The value of {@code model.type} of a dense plain autoencoder. */
    public static final String TYPE = "dense-ae";

    /** The plain autoencoder family: types {@code dense-ae}, {@code conv-ae} and {@code resnet-ae}. */
    static final ModelFamily FAMILY = ModelFamily.withNetworks(
            "ae",
            "plain autoencoder",
            "A deterministic autoencoder with the VAE's networks, trained on −log p(x|z=enc(x)); no prior, no p(x).",
            Capabilities.Likelihood.NONE,
            AutoencoderConfig.class,
            AutoencoderConfig::defaults,
            PlainAutoencoder::new,
            NetworkKind.DENSE,
            NetworkKind.CONV,
            NetworkKind.RESNET);

    /**
     * Builds the networks with freshly initialised weights (drawn from the engine's seeded generator).
     *
     * @param config what to build; its input shape must be set
     * @param manager parent of the parameters' manager
     */
    public PlainAutoencoder(ModelConfig config, NDManager manager) {
        this(config, null, manager);
    }

    /**
     * Builds the networks with freshly initialised weights (drawn from the engine's seeded generator).
     *
     * @param config what to build; its input shape must be set
     * @param schema for the {@code mixed} likelihood, the table schema whose columns the decoder models; else null
     * @param manager parent of the parameters' manager
     */
    public PlainAutoencoder(ModelConfig config, TableSchema schema, NDManager manager) {
        this(config, NetworkFactory.STANDARD, schema, manager);
    }

    /**
     * Builds a plain autoencoder on networks of one's own, with freshly initialised weights.
     *
     * @param config what to build; its input shape must be set
     * @param networks builds the encoder and decoder networks
     * @param schema for the {@code mixed} likelihood, the table schema; else null
     * @param manager parent of the parameters' manager
     */
    public PlainAutoencoder(ModelConfig config, NetworkFactory networks, TableSchema schema, NDManager manager) {
        super(config, config.family(AutoencoderConfig.class).likelihood(), schema, manager, networks);
    }

    /**
     * The encoder.
     *
     * @param x data, shape (batch, d)
     * @return z = enc(x), shape (batch, latentDim)
     */
    public NDArray encode(NDArray x) {
        return encoderOutput(x, null);
    }

    @Override
    public Optional<Prior> latentPrior() {
        return Optional.empty();
    }

    /** −log p(x | z = enc(x)), with a zero KL term: the training loss, which has no sampling to turn off. */
    @Override
    public Loss validationLoss(Batch batch) {
        NDArray reconstruction = reconstruct(batch).reconstruction();
        return new Loss(
                reconstruction.neg(), reconstruction, batch.x().getManager().zeros(new Shape()), reconstruction);
    }
}
