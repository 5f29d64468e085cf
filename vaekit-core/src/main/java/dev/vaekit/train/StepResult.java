package dev.vaekit.train;

/**
 * What one optimisation step did.
 *
 * @param epoch 1-based epoch
 * @param batch 1-based batch index within the epoch
 * @param loss the batch's loss, per datapoint
 * @param outcome whether the update was applied, and if not why
 * @param objective null for the model's own step; the name of its {@link dev.vaekit.models.AuxiliaryObjective} when
 *     the model's step was applied but the auxiliary objective's was not (then {@code loss} and {@code outcome} are
 *     its)
 */
public record StepResult(int epoch, int batch, double loss, Outcome outcome, String objective) {

    /** The result of the model's own step. */
    public StepResult(int epoch, int batch, double loss, Outcome outcome) {
        this(epoch, batch, loss, outcome, null);
    }

    /** @return what stepped, for messages: {@code "loss"} or e.g. {@code "discriminator's loss"} */
    public String what() {
        return objective == null ? "loss" : objective + "'s loss";
    }

    /** Whether a step's update was applied. */
    public enum Outcome {
        /** The update was applied and the weights stayed finite. */
        APPLIED,
        /** The loss was not finite: the update was skipped. */
        NON_FINITE_LOSS,
        /**
         * The loss was finite but a gradient was not: the update was skipped, as mixed-precision loss scalers do (it
         * happened, rarely and under CPU load, before the engine package's rule on Java-backed operands was found).
         */
        NON_FINITE_GRADIENT,
        /** The update was applied and made a weight non-finite. */
        NON_FINITE_WEIGHTS
    }
}
