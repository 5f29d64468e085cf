package dev.vaekit.models;

import dev.vaekit.nn.Mlp;
import dev.vaekit.nn.Parameters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The dense encoder and decoder every dense model uses: an MLP from the input to {@code outputs} values through
 * {@code hidden}, and one from the code back to the input through the same widths reversed. Built encoder first,
 * so that a seeded engine initialises both models' shared tensors the same way.
 */
final class DenseNetworks {
    private DenseNetworks() {}

    /** @return the encoder d → hidden → outputs, parameters {@code encoder.*} */
    static Mlp encoder(Parameters parameters, ModelConfig config, int outputs) {
        return new Mlp(parameters, "encoder", config.inputDim(), config.hidden(), outputs, config.activation());
    }

    /**
     * @return the decoder latentDim → reversed hidden → d·p, where p is the observation model's parameters per feature
     *     ({@link ObservationModel#parametersPerFeature}), parameters {@code decoder.*}
     */
    static Mlp decoder(Parameters parameters, ModelConfig config) {
        List<Integer> mirrored = new ArrayList<>(config.hidden());
        Collections.reverse(mirrored);
        return new Mlp(
                parameters,
                "decoder",
                config.latentDim(),
                mirrored,
                config.inputDim() * ObservationModel.parametersPerFeature(config),
                config.activation());
    }
}
