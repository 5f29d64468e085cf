package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.TableSchema;
import dev.vaekit.eval.LikelihoodEstimator;
import dev.vaekit.nn.ParameterMemory;
import dev.vaekit.nn.Parameters;
import dev.vaekit.objectives.Loss;
import java.util.Optional;

/**
 * Anything vaekit trains and saves. A model carries its behaviour: the trainer asks it for its loss, validation for its
 * validation loss, the commands, the explorer, Spark and the exports for its {@link #capabilities}, its {@link
 * #likelihood} estimator, its {@link #autoencoder latent space} and its {@link #sample draws}; none of them tests its
 * class. A family of models is a config record, one class implementing this interface and one line in {@link
 * ModelFamilies}.
 */
public interface Model extends AutoCloseable {

    /** @return the config the model was built from */
    ModelConfig config();

    /** @return the trainable tensors */
    Parameters parameters();

    /** @return what the model can do */
    Capabilities capabilities();

    /**
     * The training objective of a batch, differentiably: the scalar to minimise and its named terms.
     *
     * @param batch the examples and their condition
     * @param context the run's objective settings and where training stands
     * @return the loss and its terms, each a scalar per datapoint
     */
    Loss loss(Batch batch, LossContext context);

    /**
     * The loss that validation and early stopping compare across epochs: the model's bound on log p(x) with one
     * sample and no weighting or warm-up (the ELBO for a VAE), its exact log p(x) for a flow, its reconstruction loss
     * for a plain autoencoder.
     *
     * @param batch the examples and their condition
     * @return the loss and its terms
     */
    Loss validationLoss(Batch batch);

    /**
     * Data-dependent initialisation before the first step of a fresh run (a flow's actnorm); not called when the model
     * starts from trained weights. The default does nothing.
     *
     * @param firstBatch the run's first training batch
     */
    default void prepare(Batch firstBatch) {}

    /**
     * Switches the layers that behave differently while training between training and evaluation: a flow's batch
     * normalization ({@link dev.vaekit.flows.BatchNormFlow}) uses and updates batch statistics while training and
     * its running averages otherwise. Models start in evaluation mode, so that scoring, sampling and evaluation never
     * depend on the batch; the trainer turns training on for its steps only. The default does nothing.
     *
     * @param training whether the next passes are training steps
     */
    default void setTraining(boolean training) {}

    /** @return how log p(x) is estimated, or empty for a model without a likelihood (a plain autoencoder) */
    default Optional<LikelihoodEstimator> likelihood() {
        return Optional.empty();
    }

    /**
     * @return a second objective trained beside the model's loss on parameters of its own, with its own optimiser
     *     (FactorVAE's discriminator), or empty; the default has none
     */
    default Optional<AuxiliaryObjective> auxiliary() {
        return Optional.empty();
    }

    /** @return the model's maps between data and codes of {@code latentDim}, or empty if it has none (a flow) */
    default Optional<Autoencoder> autoencoder() {
        return Optional.empty();
    }

    /**
     * Draws examples: samples of the model when it has a prior or base density ({@link Capabilities#prior}); for a
     * model without one, the decodes of N(0, T²I) codes. Random numbers come from the engine's seeded generator.
     *
     * @param manager owner of the result
     * @param n how many
     * @param temperature T &gt; 0: draws of the prior or base scaled by T (Kingma &amp; Dhariwal 2018, §5); a prior that
     *     is not N(0, I) takes 1 only
     * @param condition for a conditional model, the one-hot classes to draw, shape (n, C); null otherwise
     * @return the examples, shape (n, d), in the data's units
     * @throws InvalidInputException for a temperature the prior cannot take
     */
    NDArray sample(NDManager manager, int n, double temperature, NDArray condition);

    /**
     * @return the model's latent space
     * @throws InvalidInputException naming the model, if it has none
     */
    default Autoencoder requireAutoencoder() {
        return autoencoder()
                .orElseThrow(() -> new InvalidInputException("the run holds a " + config().type() + " "
                        + config().modelType().family().noun() + ", which has no separate encoder, decoder or latent "
                        + "space of its own size; this needs a VAE or autoencoder"));
    }

    /**
     * @param what what needs it, for the message (e.g. {@code "eval"})
     * @return the model's likelihood estimator
     * @throws InvalidInputException naming the model, if it has no likelihood
     */
    default LikelihoodEstimator requireLikelihood(String what) {
        return likelihood()
                .orElseThrow(() -> new InvalidInputException(what + " needs a model with a likelihood p(x), but this "
                        + "is a " + config().modelType().family().noun() + " (" + config().type()
                        + "): without a prior it defines no likelihood p(x) or ELBO"));
    }

    /** Frees the parameters. */
    @Override
    void close();

    /**
     * Builds the model a config names, with freshly initialised weights (drawn from the engine's seeded generator), by
     * its family's factory.
     *
     * @param config what to build; its input shape must be set
     * @param schema for the {@code mixed} likelihood, the table schema whose columns the decoder models; else null
     * @param manager parent of the parameters' manager
     * @return the model
     * @throws InvalidInputException naming the config field, if a parameter would not fit in memory (checked before
     *     it is allocated)
     */
    static Model create(ModelConfig config, TableSchema schema, NDManager manager) {
        try {
            return config.modelType().family().factory().create(config, schema, manager);
        } catch (ParameterMemory.TooLargeException e) {
            throw OversizedModel.refusal(config, e);
        }
    }
}
