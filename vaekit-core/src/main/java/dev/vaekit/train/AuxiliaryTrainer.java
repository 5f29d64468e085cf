package dev.vaekit.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.vaekit.InvalidInputException;
import dev.vaekit.models.AuxiliaryObjective;
import dev.vaekit.models.Batch;
import dev.vaekit.models.LossContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains a model's {@link AuxiliaryObjective} (FactorVAE's discriminator) beside it: its own {@link Adam} over its own
 * parameters, one step after each of the model's. The trainer calls {@link #step}; checkpoints save and restore its
 * parameters and moments ({@link #snapshot}, {@link #restore}) in {@value Checkpoint#AUXILIARY}.
 */
public final class AuxiliaryTrainer implements AutoCloseable {
    /** The name of the step counter in a snapshot. */
    static final String STEP = "adam.step";

    private final AuxiliaryObjective objective;
    private final Adam optimizer;

    /** @param objective the objective to train */
    public AuxiliaryTrainer(AuxiliaryObjective objective) {
        this.objective = objective;
        AuxiliaryObjective.Optimizer settings = objective.optimizer();
        this.optimizer = new Adam(objective.parameters(), settings.beta1(), settings.beta2());
    }

    /** @return the objective */
    public AuxiliaryObjective objective() {
        return objective;
    }

    /** @return its optimiser */
    public Adam optimizer() {
        return optimizer;
    }

    /**
     * What one auxiliary step did.
     *
     * @param loss its loss
     * @param outcome whether its update was applied
     * @param terms its loss and terms, named {@code <objective><Term>} (e.g. {@code discriminatorLoss}), for the
     *     epoch's metrics
     */
    public record Step(double loss, StepResult.Outcome outcome, Map<String, Float> terms) {}

    /**
     * One step of the objective on a batch: its gradients are zeroed first (the model's backward pass may have left
     * some on them, as FactorVAE's total-correlation term does), then its loss is differentiated and its Adam applied,
     * unless the loss or a gradient is not finite.
     *
     * @param engine the engine
     * @param batch the batch the model has just stepped on
     * @param context where training stands
     * @return what it did
     */
    public Step step(Engine engine, Batch batch, LossContext context) {
        objective.parameters().zeroGradients();
        float[] values;
        List<String> names = new ArrayList<>();
        try (GradientCollector collector = engine.newGradientCollector()) {
            AuxiliaryObjective.Result result = objective.loss(batch, context);
            collector.backward(result.value());
            NDList scalars = new NDList(result.value());
            names.add(objective.name() + "Loss");
            for (Map.Entry<String, NDArray> e : result.terms().entrySet()) {
                names.add(objective.name() + capitalised(e.getKey()));
                scalars.add(e.getValue());
            }
            values = NDArrays.stack(scalars).toFloatArray();
        }
        Map<String, Float> terms = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            terms.put(names.get(i), values[i]);
        }
        double loss = values[0];
        if (!Double.isFinite(loss)) {
            objective.parameters().zeroGradients();
            return new Step(loss, StepResult.Outcome.NON_FINITE_LOSS, terms);
        }
        if (!optimizer.gradientsFinite()) {
            objective.parameters().zeroGradients();
            return new Step(loss, StepResult.Outcome.NON_FINITE_GRADIENT, terms);
        }
        boolean finite = optimizer.update(objective.optimizer().learningRate(), 1);
        return new Step(loss, finite ? StepResult.Outcome.APPLIED : StepResult.Outcome.NON_FINITE_WEIGHTS, terms);
    }

    private static String capitalised(String term) {
        return term.isEmpty() ? term : term.substring(0, 1).toUpperCase(Locale.ROOT) + term.substring(1);
    }

    /**
     * Its state for a checkpoint: copies of the parameters under their names, their Adam moments ({@code <name>.m},
     * {@code <name>.v}) and the step counter ({@value #STEP}).
     *
     * @param manager owner of the copies
     * @return the tensors
     */
    public NDList snapshot(NDManager manager) {
        NDList list = objective.parameters().snapshot();
        list.attach(manager);
        list.addAll(optimizer.snapshot(manager));
        NDArray step = manager.create(new long[] {optimizer.step()});
        step.setName(STEP);
        list.add(step);
        return list;
    }

    /**
     * Restores a {@link #snapshot}: the parameters, the moments and the step counter.
     *
     * @param saved the tensors
     * @param origin where they came from, for messages
     * @throws InvalidInputException if a tensor is missing or has another shape
     */
    public void restore(NDList saved, String origin) {
        NDList weights = new NDList();
        for (String name : objective.parameters().asMap().keySet()) {
            NDArray w = saved.get(name);
            if (w == null) {
                throw new InvalidInputException(origin + ": tensor '" + name + "' is missing");
            }
            weights.add(w);
        }
        weights.addAll(objective.parameters().buffers().keySet().stream()
                .map(saved::get)
                .filter(java.util.Objects::nonNull)
                .toList());
        objective.parameters().load(weights, origin);
        NDArray step = saved.get(STEP);
        if (step == null || step.getShape().size() != 1) {
            throw new InvalidInputException(origin + ": tensor '" + STEP + "' is missing or not one value");
        }
        long steps = step.toType(ai.djl.ndarray.types.DataType.INT64, false).toLongArray()[0];
        if (steps < 0) {
            throw new InvalidInputException(origin + ": tensor '" + STEP + "' is " + steps + ", expected >= 0");
        }
        optimizer.restore(saved, steps, origin);
    }

    @Override
    public void close() {
        optimizer.close();
    }
}
