package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.TableSchema;
import dev.vaekit.engine.Tensors;
import dev.vaekit.eval.LikelihoodEstimator;
import dev.vaekit.objectives.Loss;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the Wasserstein autoencoders (WAE-MMD, {@link WaeMmd}; SWAE, {@link Swae}) share: a deterministic encoder z =
 * enc(x) like the {@link PlainAutoencoder}'s, the decoder's p(x|z), and the prior p(z) = N(0, I) that the codes'
 * aggregate distribution q(z) is pushed towards by a divergence D, weighted λ:
 *
 * <pre>
 *   loss = −log p(x | z = enc(x)) + λ · D(q(z), p(z)),
 * </pre>
 *
 * batch means, D estimated from the batch's codes and as many draws of the prior (from the engine's seeded
 * generator). Tolstikhin et al. 2018 write the reconstruction as a cost c(x, G(z)); here it is the observation model's
 * negative log-likelihood, as for every vaekit model (the binary cross-entropy of a Bernoulli decoder).
 *
 * <p>What it can do: its draws are samples of the model (decode z ~ p(z)), which is what it is trained for, so {@link
 * Capabilities#prior} holds; but the encoder gives one code per example and no q(z|x), so there is nothing to sample a
 * posterior from, and no estimate of log p(x): the decoder and the prior define p(x) = ∫ p(x|z) p(z) dz, but training
 * neither bounds it nor provides a proposal to estimate it with ({@link Capabilities.Likelihood#NONE}). Its validation
 * loss is its training objective on the validation rows (the divergence estimated on each validation batch, 1,000
 * rows, against fresh prior draws). Its reported bound is the reconstruction term, which bounds nothing, and its KL is
 * 0; the divergence is an extra term.
 */
abstract class PriorMatchingAutoencoder extends DeterministicAutoencoder {
    private final Prior prior;

    /**
     * Builds the networks with freshly initialised weights (drawn from the engine's seeded generator).
     *
     * @param config what to build; its input shape must be set
     * @param likelihood the observation model p(x|z)
     * @param schema for the {@code mixed} likelihood, the table schema; else null
     * @param manager parent of the parameters' manager
     */
    PriorMatchingAutoencoder(ModelConfig config, LikelihoodConfig likelihood, TableSchema schema, NDManager manager) {
        super(config, likelihood, schema, manager, NetworkFactory.STANDARD);
        this.prior = new StandardNormalPrior(config.latentDim());
    }

    /** @return the divergence's name, as its term in the metrics */
    abstract String divergenceName();

    /** @return λ */
    abstract double divergenceWeight();

    /**
     * The divergence between the codes' and the prior's samples.
     *
     * @param codes the batch's codes, shape (M, latentDim)
     * @param priorDraws M draws of p(z), shape (M, latentDim)
     * @return D, a scalar
     */
    abstract NDArray divergence(NDArray codes, NDArray priorDraws);

    @Override
    public Optional<Prior> latentPrior() {
        return Optional.of(prior);
    }

    /** No likelihood and no posterior to sample, but a prior whose decoded draws are its samples; see the class. */
    @Override
    public Capabilities capabilities() {
        return new Capabilities(Capabilities.Likelihood.NONE, true, false, true, config().conditional(), false);
    }

    @Override
    public LikelihoodEstimator requireLikelihood(String what) {
        throw new InvalidInputException(what + " needs a model with an estimate of log p(x), but this is a "
                + config().modelType().family().noun() + " (" + config().type() + "): its encoder gives one code per "
                + "example and no q(z|x), so its p(x) has no bound or estimator; its samples come from its prior");
    }

    /**
     * −log p(x|enc(x)) + λ · D, the training objective: there is no schedule or sampling to turn off, beyond the
     * prior's draws; see the class.
     */
    @Override
    public Loss validationLoss(Batch batch) {
        NDArray x = batch.x();
        Reconstruction r = reconstruct(batch);
        NDArray z = r.z();
        NDArray reconstruction = r.reconstruction();
        NDArray d = divergence(z, prior.sample(x.getManager(), z.getShape().get(0)));
        Map<String, NDArray> extra = new LinkedHashMap<>();
        extra.put(divergenceName(), d);
        return new Loss(
                reconstruction.neg().add(Tensors.scale(d, divergenceWeight())),
                reconstruction,
                x.getManager().zeros(new Shape()),
                reconstruction,
                extra);
    }
}
