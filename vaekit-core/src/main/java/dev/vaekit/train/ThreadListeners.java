package dev.vaekit.train;

import dev.vaekit.engine.Threads;
import dev.vaekit.engine.WarmCores;
import java.util.ArrayList;
import java.util.List;

/** The listeners that fit training's use of threads to this process's cores, for every way of starting training. */
public final class ThreadListeners {
    private ThreadListeners() {}

    /**
     * @return on a machine of several cores: {@link AdaptiveThreads} unless the user fixed the count ({@code
     *     --threads}), and {@link KeepCoresAwake} where {@link WarmCores} can work; nothing on one core
     */
    public static List<TrainingListener> forThisProcess() {
        List<TrainingListener> listeners = new ArrayList<>();
        if (Threads.cores() > 1) {
            if (!Threads.fixedByUser()) {
                listeners.add(AdaptiveThreads.forThisProcess());
            }
            if (WarmCores.available()) {
                listeners.add(new KeepCoresAwake());
            }
        }
        return listeners;
    }
}
