package dev.vaekit.data.images;

import static dev.vaekit.data.images.TestImages.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vaekit.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan's rules: which files, labels from class folders, files beside them, links, hidden and other files. */
class ImageFolderTest {

    @TempDir
    Path dir;

    private static final byte[] ANY = {1, 2, 3};

    @Test
    void firstLevelSubFoldersAreClassesInSortedOrder() {
        Path root = dir.resolve("set");
        write(root.resolve("dog/b.png"), ANY);
        write(root.resolve("cat/a.png"), ANY);
        write(root.resolve("dog/puppies/c.PNG"), ANY);
        write(root.resolve("ant/d.jpeg"), ANY);
        write(root.resolve("empty-class/readme.txt"), ANY);

        ImageFolder f = ImageFolder.scan(root);

        assertThat(f.labelNames()).containsExactly("ant", "cat", "dog");
        assertThat(f.entries())
                .extracting(ImageFolder.Entry::relativePath, ImageFolder.Entry::label)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ant/d.jpeg", 0),
                        org.assertj.core.groups.Tuple.tuple("cat/a.png", 1),
                        org.assertj.core.groups.Tuple.tuple("dog/b.png", 2),
                        org.assertj.core.groups.Tuple.tuple("dog/puppies/c.PNG", 2));
        assertThat(f.entries().get(0).size()).isEqualTo(3);
        assertThat(f.entries().get(0).file()).isEqualTo(root.resolve("ant/d.jpeg"));
        assertThat(f.problems()).isEmpty();
        assertThat(f.otherFiles()).containsExactly("empty-class/readme.txt");
    }

    @Test
    void topLevelImagesOnlyAreUnlabelled() {
        write(dir.resolve("b.gif"), ANY);
        write(dir.resolve("a.bmp"), ANY);

        ImageFolder f = ImageFolder.scan(dir);

        assertThat(f.labelled()).isFalse();
        assertThat(f.entries()).extracting(ImageFolder.Entry::relativePath).containsExactly("a.bmp", "b.gif");
        assertThat(f.entries()).extracting(ImageFolder.Entry::label).containsOnly(-1);
    }

    @Test
    void imagesBesideClassFoldersAreProblemsNotGuessedLabels() {
        write(dir.resolve("cat/a.png"), ANY);
        write(dir.resolve("stray.png"), ANY);

        ImageFolder f = ImageFolder.scan(dir);

        assertThat(f.entries()).extracting(ImageFolder.Entry::relativePath).containsExactly("cat/a.png");
        assertThat(f.problems()).hasSize(1);
        assertThat(f.problems().get(0).line())
                .isEqualTo(dir.resolve("stray.png") + ": image beside the class folders of " + dir
                        + " (cat): it has no class; expected every image in a class folder");
    }

    @Test
    void hiddenFilesAndFoldersAreSkippedAndOtherFilesCounted() {
        write(dir.resolve("a.png"), ANY);
        write(dir.resolve(".DS_Store"), ANY);
        write(dir.resolve(".hidden.png"), ANY);
        write(dir.resolve(".ipynb_checkpoints/b.png"), ANY);
        write(dir.resolve("labels.csv"), ANY);

        ImageFolder f = ImageFolder.scan(dir);

        assertThat(f.entries()).extracting(ImageFolder.Entry::relativePath).containsExactly("a.png");
        assertThat(f.labelled()).isFalse();
        assertThat(f.otherFiles()).containsExactly("labels.csv");
    }

    @Test
    void linksInsideAreReadLinksOutOrToNothingAreProblemsLinkedFoldersNotFollowed() throws Exception {
        Path root = Files.createDirectory(dir.resolve("root"));
        Path outside = write(dir.resolve("secret.png"), ANY);
        Files.createDirectory(dir.resolve("elsewhere"));
        write(root.resolve("real.png"), new byte[] {9, 9, 9, 9, 9});
        Files.createSymbolicLink(root.resolve("inside.png"), root.resolve("real.png"));
        Files.createSymbolicLink(root.resolve("out.png"), outside);
        Files.createSymbolicLink(root.resolve("broken.png"), dir.resolve("missing.png"));
        Files.createSymbolicLink(root.resolve("outdir"), dir.resolve("elsewhere"));
        Files.createDirectory(root.resolve("sub"));
        // a link inside the folder whose target is a link out of it: resolved all the way, so refused too
        Files.createSymbolicLink(root.resolve("sub/chain.png"), root.resolve("out.png"));

        ImageFolder f = ImageFolder.scan(root);

        assertThat(f.entries()).extracting(ImageFolder.Entry::relativePath).containsExactly("inside.png", "real.png");
        assertThat(f.entries().get(0).size()).isEqualTo(5); // the target's size
        assertThat(f.problems())
                .extracting(ImageFolder.Problem::line)
                .containsExactly(
                        root.resolve("broken.png") + ": symbolic link to nothing (its target does not exist)",
                        root.resolve("out.png") + ": symbolic link leads out of the folder " + root + " (to "
                                + outside.toRealPath() + "); not read",
                        root.resolve("outdir") + ": symbolic link leads out of the folder " + root + " (to "
                                + dir.resolve("elsewhere").toRealPath() + "); not read",
                        root.resolve("sub/chain.png") + ": symbolic link leads out of the folder " + root + " (to "
                                + outside.toRealPath() + "); not read");
    }

    @Test
    void emptyFolderIsRefused() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Path onlyText = Files.createDirectory(dir.resolve("text"));
        write(onlyText.resolve("notes.txt"), ANY);

        assertThatThrownBy(() -> ImageFolder.scan(empty))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(empty + ": no image files (.bmp, .dib, .gif, .jfif, .jpe, .jpeg, .jpg, .png) in the folder"
                        + " or its sub-folders");
        assertThatThrownBy(() -> ImageFolder.scan(onlyText))
                .hasMessageEndingWith("sub-folders; found 1 other file, e.g. notes.txt");
    }

    @Test
    void missingFolderOrAFileInsteadOfAFolder() {
        Path file = write(dir.resolve("a.png"), ANY);

        assertThatThrownBy(() -> ImageFolder.scan(dir.resolve("nope")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(dir.resolve("nope") + ": no such folder");
        assertThatThrownBy(() -> ImageFolder.scan(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(file + ": not a folder; expected a folder of images");
    }
}
