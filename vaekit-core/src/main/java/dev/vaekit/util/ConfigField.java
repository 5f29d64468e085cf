package dev.vaekit.util;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents one field of a config record, once, for every place that shows it: the command line's flag and its help,
 * and the configuration reference in the docs. Its default is not written here: it is whatever the record's builder
 * starts from, so that it lives in one place.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface ConfigField {

    /** @return what the field means, one or two sentences, without its default */
    String value();

    /** @return the command-line flag that sets it (e.g. {@code --latent-dim}); empty for a field set in files only */
    String flag() default "";

    /** @return the flag's parameter label (e.g. {@code D}) */
    String label() default "VALUE";
}
