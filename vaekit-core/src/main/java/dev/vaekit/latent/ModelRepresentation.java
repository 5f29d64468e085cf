package dev.vaekit.latent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.InvalidInputException;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.eval.disentanglement.RepresentationFunction;
import dev.vaekit.models.Autoencoder;
import dev.vaekit.models.Model;

/**
 * A trained model as the disentanglement metrics' {@link RepresentationFunction}: each observation's code through the
 * model's latent space ({@link Autoencoder#code}), the posterior mean μ(x) of a VAE (disentanglement_lib's "mean"
 * representation) and enc(x) of a deterministic autoencoder. Observations are encoded as they are given, in passes of
 * at most {@value #BATCH} without gradients; the generated factor data sets are binary images, as a model trained on
 * them saw its data.
 */
public final class ModelRepresentation implements RepresentationFunction {
    /** Observations per forward pass. */
    public static final int BATCH = 500;

    private final Autoencoder model;

    private ModelRepresentation(Autoencoder model) {
        this.model = model;
    }

    /**
     * @param model a trained model
     * @return its codes as a representation
     * @throws InvalidInputException if it has no latent space (a flow) or is conditional (an observation of factor data
     *     has no label to condition on)
     */
    public static ModelRepresentation of(Model model) {
        Autoencoder codes = model.requireAutoencoder();
        if (model.config().conditional()) {
            throw new InvalidInputException("a class-conditional "
                    + model.config().type() + " needs a label with every " + "observation; the factor data have none");
        }
        return new ModelRepresentation(codes);
    }

    /** @return what the codes are, e.g. {@code posterior means} */
    public String describe() {
        return model.codeName(true) + " of the " + model.config().type();
    }

    @Override
    public float[][] encode(float[][] observations) {
        int d = model.config().inputDim();
        int latent = model.config().latentDim();
        float[][] codes = new float[observations.length][];
        Engines.disableGradOnThisThread();
        NDManager manager = model.parameters().manager();
        for (int from = 0; from < observations.length; from += BATCH) {
            int rows = Math.min(BATCH, observations.length - from);
            float[] flat = new float[rows * d];
            for (int i = 0; i < rows; i++) {
                float[] o = observations[from + i];
                if (o.length != d) {
                    throw new InvalidInputException("an observation has " + o.length + " values; the "
                            + model.config().type() + " takes " + d + " "
                            + model.config().inputShape());
                }
                System.arraycopy(o, 0, flat, i * d, d);
            }
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray x = Tensors.create(manager, flat, new Shape(rows, d));
                float[] z = model.code(x, null).toFloatArray();
                for (int i = 0; i < rows; i++) {
                    codes[from + i] = java.util.Arrays.copyOfRange(z, i * latent, (i + 1) * latent);
                }
            }
        }
        return codes;
    }
}
