package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import dev.vaekit.InvalidInputException;
import dev.vaekit.nn.Parameters;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A second objective that a model trains beside its own loss, on parameters of its own with an optimiser of its own:
 * FactorVAE's discriminator (Kim &amp; Mnih 2018, Algorithm 2), and likewise the critic of an adversarial
 * autoencoder. A model exposes one through {@link Model#auxiliary()}; the trainer then alternates, at every step: first
 * the model's parameters on {@link Model#loss}, then this objective's parameters on {@link #loss} of the same batch,
 * with an Adam of its own ({@link #optimizer()}).
 *
 * <p>Its parameters are not the model's: they are not in {@link Model#parameters()}, so the model's optimiser, its
 * weight average, its exports and model folders leave them out. A run folder's checkpoint keeps them and their Adam
 * moments in {@code auxiliary.safetensors}, so that {@code --resume} continues exactly; a warm start
 * ({@code --init-from}) starts them afresh.
 */
public interface AuxiliaryObjective {

    /** @return what the objective trains, for messages and metric names, e.g. {@code discriminator} */
    String name();

    /** @return its trainable tensors, none of them the model's; their names are its keys in a checkpoint */
    Parameters parameters();

    /** @return the settings of its Adam */
    Optimizer optimizer();

    /**
     * Its loss on a batch, differentiable in its own parameters only: whatever it reads of the model (codes, say) must
     * be detached ({@link NDArray#stopGradient()}), so that its backward pass leaves the model's gradients alone.
     *
     * @param batch the batch the model has just stepped on
     * @param context where training stands
     * @return the value to minimise and its named terms, each a scalar
     */
    Result loss(Batch batch, LossContext context);

    /**
     * An auxiliary loss.
     *
     * @param value the scalar to minimise (differentiable in the objective's parameters)
     * @param terms named scalars to report, e.g. the discriminator's accuracy; the metrics name them
     *     {@code <name><Term>}
     */
    record Result(NDArray value, Map<String, NDArray> terms) {
        /** Checks the value and copies the terms. */
        public Result {
            Objects.requireNonNull(value, "value");
            terms = terms == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(terms));
        }
    }

    /**
     * The settings of the objective's Adam (Kingma &amp; Ba 2015), a constant learning rate.
     *
     * @param learningRate α &gt; 0
     * @param beta1 decay of the first moment, in [0, 1)
     * @param beta2 decay of the second moment, in [0, 1)
     */
    record Optimizer(double learningRate, double beta1, double beta2) {
        /** Validates the settings. */
        public Optimizer {
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new InvalidInputException(
                        "an auxiliary objective's learning rate must be a finite number > 0, " + "got " + learningRate);
            }
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                throw new InvalidInputException(
                        "an auxiliary objective's Adam decays must be in [0, 1), got " + beta1 + " and " + beta2);
            }
        }
    }
}
