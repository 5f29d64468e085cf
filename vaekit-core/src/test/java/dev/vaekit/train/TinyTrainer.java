package dev.vaekit.train;

import ai.djl.ndarray.NDManager;
import dev.vaekit.Fixtures;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.Vae;

/** A trainer of the tiny VAE (10 epochs), for tests of listeners that only call it, e.g. {@code requestStop}. */
final class TinyTrainer implements AutoCloseable {
    final NDManager manager = Engines.newManager();
    private final RunConfig config = Fixtures.runConfig(Fixtures.tinyModel(), Fixtures.training(10, 8, 1e-3, 0, 3, 1));
    private final Vae model = new Vae(config.model(), manager);
    final Trainer trainer = new Trainer(config, model);

    @Override
    public void close() {
        trainer.close();
        model.close();
        manager.close();
    }
}
