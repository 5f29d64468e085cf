package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vaekit.models.ModelFamilies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is the configuration reference made from the config records ({@link ConfigReference}); it
 * must equal what the records say now. Run with {@code -Dvaekit.docs.update=true} to rewrite it after changing a
 * field.
 */
class ConfigReferenceTest {
    private static final Path PAGE = Path.of("..", "docs", "configuration.md");

    @Test
    void thePageIsWhatTheRecordsSay() throws IOException {
        String made = ConfigReference.markdown();
        if (Boolean.getBoolean("vaekit.docs.update")) {
            Files.writeString(PAGE, made);
        }
        assertThat(Files.readString(PAGE))
                .as("docs/configuration.md is out of date: regenerate it with -Dvaekit.docs.update=true")
                .isEqualTo(made);
    }

    @Test
    void everyFlagAndEveryFamilyIsOnThePage() {
        String made = ConfigReference.markdown();
        ConfigFlags.all()
                .forEach(f -> assertThat(made).contains("`" + f.name() + "`").contains("`" + f.path() + "`"));
        ModelFamilies.types().forEach(t -> assertThat(made).contains("`" + t + "`"));
    }
}
