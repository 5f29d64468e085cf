package dev.vaekit.data.factors;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Factor data that count the observations they render: how tests see that a source renders only what is read. */
public final class CountingFactorData implements FactorData {
    private final FactorData data;
    private final int[] sizes;
    private final AtomicLong rendered = new AtomicLong();

    /** @param data the factor data rendered and counted */
    public CountingFactorData(FactorData data) {
        this.data = data;
        this.sizes = data.sizes();
    }

    /** @return observations rendered so far */
    public long rendered() {
        return rendered.get();
    }

    @Override
    public String name() {
        return data.name();
    }

    @Override
    public List<Factor> factors() {
        return data.factors();
    }

    @Override
    public int[] sizes() {
        return sizes.clone();
    }

    @Override
    public int channels() {
        return data.channels();
    }

    @Override
    public int height() {
        return data.height();
    }

    @Override
    public int width() {
        return data.width();
    }

    @Override
    public void render(int[] classes, float[] out, int offset) {
        rendered.incrementAndGet();
        data.render(classes, out, offset);
    }
}
