package dev.vaekit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.vaekit.Fixtures;
import dev.vaekit.data.Dataset;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.eval.LikelihoodReport;
import dev.vaekit.nn.Parameters;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.train.Configs;
import dev.vaekit.train.EpochMetrics;
import dev.vaekit.train.RunConfig;
import dev.vaekit.train.Trainer;
import dev.vaekit.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;

/**
 * Tiny models of the families built on the VAE's networks, short training runs through the model contract, and the
 * checks that the families' tests share: a decoder that ignores its code (whose log p(x) is known exactly), a weights
 * copy, a config's JSON round trip.
 */
final class FamilyFixtures {
    private FamilyFixtures() {}

    /**
     * {@link Fixtures#tinyModel()}'s networks (1×2×2 inputs, 2-d codes, 8 hidden units) as a model of a family.
     *
     * @param type a dense type of the family
     * @param family its config
     * @return the model config
     */
    static ModelConfig tiny(String type, FamilyConfig family) {
        return tiny(type, Fixtures.tinyModel().latentDim(), family);
    }

    /**
     * {@link #tiny(String, FamilyConfig)} with a code of another width.
     *
     * @param type a dense type of the family
     * @param latentDim {@code model.latentDim}
     * @param family its config
     * @return the model config
     */
    static ModelConfig tiny(String type, int latentDim, FamilyConfig family) {
        ModelConfig vae = Fixtures.tinyModel();
        return ModelConfig.builder(type)
                .inputShape(vae.inputShape())
                .latentDim(latentDim)
                .hidden(vae.hidden())
                .activation(vae.activation())
                .family(family)
                .build();
    }

    /**
     * Trains a model for two epochs of 64 random binary 2×2 images in batches of 8.
     *
     * @param config the model
     * @param manager parent of its parameters
     * @return the two epochs' metrics
     */
    static List<EpochMetrics> trainTwoEpochs(ModelConfig config, NDManager manager) {
        RunConfig run = Fixtures.runConfig(config, Fixtures.training(2, 8, 1e-2, 0, 0, 1));
        run.model().family().validateRun(run.model(), run.data(), run.objective());
        return train(run, Fixtures.tinyBinaryData(3, 64), manager);
    }

    /**
     * A run of a model with the default data section, in batches of 16 with Adam at a learning rate of 10⁻², without
     * clipping or early stopping.
     *
     * @param config the model
     * @param objective the objective section
     * @param epochs how many
     * @return the run config
     */
    static RunConfig run(ModelConfig config, ObjectiveConfig objective, int epochs) {
        return new RunConfig(
                Configs.defaults().data(), config, objective, Fixtures.training(epochs, 16, 1e-2, 0, 0, 1));
    }

    /**
     * Trains a fresh model of a run, its weights drawn after seeding the engine with 7.
     *
     * @param run the run
     * @param data the training rows
     * @param manager parent of the model's parameters
     * @return every epoch's metrics
     */
    static List<EpochMetrics> train(RunConfig run, Dataset data, NDManager manager) {
        List<EpochMetrics> epochs = new ArrayList<>();
        Engines.seed(7);
        try (Model model = Model.create(run.model(), null, manager);
                Trainer trainer = new Trainer(run, model)) {
            trainer.addListener(TrainingListener.onEpochEnd(epochs::add));
            trainer.fit(data);
        }
        return epochs;
    }

    /**
     * Makes a decoder ignore its code: zeroes the parameters named (the decoder's last weights, and whatever else makes
     * q(z|x) the prior) and sets {@code decoder.out.bias} to b, so that p(x|z) = Π_j Bernoulli(x_j; sigmoid(b_j)) for
     * every z, which is then p(x) too ({@link #constantDecoderNll}).
     *
     * @param params the model's parameters
     * @param bias b, one per feature
     * @param zeroed names of the parameters to zero
     */
    static void constantDecoder(Parameters params, float[] bias, String... zeroed) {
        for (String name : zeroed) {
            NDArray p = params.asMap().get(name);
            params.assign(p, p.zerosLike());
        }
        NDArray b = params.asMap().get("decoder.out.bias");
        try (NDArray values = b.getManager().create(bias)) {
            params.assign(b, values);
        }
    }

    /**
     * The exact negative log-likelihood of binary rows under a {@link #constantDecoder}.
     *
     * @param data binary rows
     * @param bias the decoder's bias b
     * @return −(1/n) Σ_i Σ_j log Bernoulli(x_ij; sigmoid(b_j)), nats
     */
    static double constantDecoderNll(Dataset data, float[] bias) {
        double nll = 0;
        for (int i = 0; i < data.size(); i++) {
            for (int j = 0; j < bias.length; j++) {
                double p = 1 / (1 + Math.exp(-bias[j]));
                nll -= Math.log(data.row(i)[j] == 1 ? p : 1 - p) / data.size();
            }
        }
        return nll;
    }

    /**
     * Evaluates a model whose decoder ignores its code ({@link #constantDecoder}) and whose q(z|x) is its prior: every
     * importance weight is then p(x), so the estimate must be the exact log p(x) ({@link #constantDecoderNll}) and the
     * KL term 0.
     *
     * @param model the model
     * @param data binary rows
     * @param bias the decoder's bias b
     * @param k importance samples
     * @param seed their seed
     * @param klTolerance how far from 0 the KL term may be
     * @return the report
     */
    static LikelihoodReport assertExactUnderConstantDecoder(
            Model model, Dataset data, float[] bias, int k, long seed, double klTolerance) {
        LikelihoodReport r = model.likelihood().orElseThrow().evaluate(data, k, seed);
        assertThat(r.nll()).isCloseTo(constantDecoderNll(data, bias), within(1e-4));
        assertThat(r.term("kl")).isCloseTo(0, within(klTolerance));
        return r;
    }

    /**
     * {@link #assertWeightsCopy(Model, Model, NDArray, long)} between two fresh models of a config, the first's weights
     * moved by up to ±0.3 (seed 2), the validation losses after seed 3.
     *
     * @param config the models' config
     * @param x a batch
     * @param manager parent of the models' parameters
     */
    static void assertWeightsCopy(ModelConfig config, NDArray x, NDManager manager) {
        try (Model a = Model.create(config, null, manager);
                Model b = Model.create(config, null, manager)) {
            Fixtures.perturb(a.parameters(), 0.3f, 2);
            assertWeightsCopy(a, b, x, 3);
        }
    }

    /**
     * Copies one model's weights into another of the same config and checks that their validation losses on a batch
     * are then equal, each computed after seeding the engine alike.
     *
     * @param from the model whose weights are copied
     * @param to the model that receives them
     * @param x the batch
     * @param seed the engine's seed before each validation loss
     */
    static void assertWeightsCopy(Model from, Model to, NDArray x, long seed) {
        try (NDList saved = from.parameters().snapshot()) {
            to.parameters().load(saved, "a");
        }
        Engines.seed(seed);
        double before = Tensors.scalar(from.validationLoss(new Batch(x)).value());
        Engines.seed(seed);
        assertThat(Tensors.scalar(to.validationLoss(new Batch(x)).value())).isEqualTo(before);
    }

    /**
     * Checks that a run config survives being written as JSON and read back.
     *
     * @param run the config
     * @return the config read back
     */
    static RunConfig assertJsonRoundTrip(RunConfig run) {
        RunConfig back = Configs.parseJson(Configs.toJson(run), RunConfig.class, "test");
        assertThat(back).isEqualTo(run);
        return back;
    }
}
