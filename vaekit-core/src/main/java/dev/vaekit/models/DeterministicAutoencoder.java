package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.vaekit.data.TableSchema;
import dev.vaekit.objectives.Loss;
import java.util.List;

/**
 * What the autoencoders with a deterministic encoder share ({@link PlainAutoencoder}, {@link PriorMatchingAutoencoder}):
 * the encoder maps x to one code z = enc(x) in ℝ^latentDim, the decoder gives p(x|z), and the loss, which draws
 * nothing of q, is the same in training and validation.
 */
abstract class DeterministicAutoencoder extends EncoderDecoder {

    /**
     * An encoding and reconstruction of a batch.
     *
     * @param z the codes enc(x), shape (batch, latentDim)
     * @param reconstruction the batch mean of log p(x | z = enc(x)), a scalar
     */
    record Reconstruction(NDArray z, NDArray reconstruction) {}

    /**
     * Builds the networks with freshly initialised weights (drawn from the engine's seeded generator).
     *
     * @param config what to build; its input shape must be set
     * @param likelihood the observation model p(x|z)
     * @param schema for the {@code mixed} likelihood, the table schema; else null
     * @param manager parent of the parameters' manager
     * @param networks builds the encoder and decoder networks
     */
    DeterministicAutoencoder(
            ModelConfig config,
            LikelihoodConfig likelihood,
            TableSchema schema,
            NDManager manager,
            NetworkFactory networks) {
        super(config, likelihood, null, schema, manager, config.latentDim(), networks);
    }

    /** @return z = enc(x) (joined to its condition for a conditional model) */
    @Override
    public NDArray code(NDArray x, NDArray condition) {
        return encoderOutput(x, condition);
    }

    @Override
    public String codeName(boolean plural) {
        return plural ? "codes enc(x)" : "code";
    }

    @Override
    public List<String> encoderOutputs() {
        return List.of("z");
    }

    /** The validation loss: the encoder draws nothing, so there is no sampling to turn off. */
    @Override
    public Loss loss(Batch batch, LossContext context) {
        return validationLoss(batch);
    }

    /**
     * Encodes a batch and scores its reconstruction.
     *
     * @param batch the examples (and their conditions, for a conditional model)
     * @return the codes and the mean log p(x | z = enc(x))
     */
    Reconstruction reconstruct(Batch batch) {
        NDArray x = batch.x();
        NDArray z = code(x, batch.condition());
        NDArray logPxGivenZ = observation().logProb(x, decode(z, x, batch.condition())); // (batch)
        return new Reconstruction(z, logPxGivenZ.mean());
    }
}
