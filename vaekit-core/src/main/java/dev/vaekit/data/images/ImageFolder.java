package dev.vaekit.data.images;

import dev.vaekit.InvalidInputException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The image files of a folder and their labels, found without reading any image.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li><b>Which files</b>: every regular file under the folder, at any depth, whose name ends in one of {@link
 *       ImageFormat#EXTENSIONS} (case ignored). Whether it really is an image is decided later from its content.
 *       Files and folders whose names start with a dot ({@code .DS_Store}, {@code .git}, {@code
 *       .ipynb_checkpoints}) are skipped silently; other files are not images and are counted in {@link
 *       #otherFiles()}.
 *   <li><b>Labels</b>: when image files lie in first-level sub-folders, each such sub-folder is a class; the classes'
 *       names sorted (by {@link String#compareTo}) give the label numbers 0, 1, 2, ...; an image anywhere below a
 *       class folder has that class. Sub-folders holding no image file are not classes. With no image in any
 *       sub-folder, the data set is unlabelled.
 *   <li><b>Files beside class folders</b>: an image file at the top level of a folder that has class folders has no
 *       class; it is a {@linkplain #problems() problem} (skipped, or refused in strict mode), never silently given a
 *       label.
 *   <li><b>Symbolic links</b>: a link to a file inside the folder is read as that file; a link that leads out of the
 *       folder (after resolving every link on the way), or leads nowhere, is a problem; links to folders are not
 *       followed (they would count images twice or leave the folder).
 *   <li><b>Order</b>: files sorted by their path relative to the folder, with {@code /} between names, by {@link
 *       String#compareTo}: the same on every file system.
 * </ul>
 */
public final class ImageFolder {

    /**
     * One image file.
     *
     * @param file the file (under the folder as it was given)
     * @param relativePath its path relative to the folder, names joined by {@code /}
     * @param label its class number, or -1 when the folder is unlabelled
     * @param size its length in bytes
     * @param modifiedNanos its last-modified time, nanoseconds since the epoch
     */
    public record Entry(Path file, String relativePath, int label, long size, long modifiedNanos) {}

    /**
     * A file that the scan refuses.
     *
     * @param file the file
     * @param reason what is wrong, without the file name
     */
    public record Problem(Path file, String reason) {
        /** @return the one-line message: the file, a colon, the reason */
        public String line() {
            return file + ": " + reason;
        }
    }

    private final Path root;
    private final List<Entry> entries;
    private final List<String> labelNames;
    private final List<Problem> problems;
    private final List<String> otherFiles;

    private ImageFolder(
            Path root, List<Entry> entries, List<String> labelNames, List<Problem> problems, List<String> otherFiles) {
        this.root = root;
        this.entries = List.copyOf(entries);
        this.labelNames = List.copyOf(labelNames);
        this.problems = List.copyOf(problems);
        this.otherFiles = List.copyOf(otherFiles);
    }

    /**
     * Scans a folder.
     *
     * @param root the folder
     * @return its image files, labels and problems
     * @throws InvalidInputException if the folder is missing, is not a folder, or holds no image file at all
     */
    public static ImageFolder scan(Path root) {
        if (!Files.exists(root)) {
            throw new InvalidInputException(root + ": no such folder");
        }
        if (!Files.isDirectory(root)) {
            throw new InvalidInputException(root + ": not a folder; expected a folder of images");
        }
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new InvalidInputException(root + ": cannot read the folder: " + e.getMessage(), e);
        }
        Walker walker = new Walker(root, realRoot);
        try {
            Files.walkFileTree(root, walker);
        } catch (IOException e) {
            throw new InvalidInputException(root + ": cannot read the folder: " + e.getMessage(), e);
        }

        TreeSet<String> classes = new TreeSet<>();
        for (Found f : walker.found) {
            int slash = f.relativePath.indexOf('/');
            if (slash > 0) {
                classes.add(f.relativePath.substring(0, slash));
            }
        }
        List<String> names = new ArrayList<>(classes);
        List<Entry> entries = new ArrayList<>();
        List<Problem> problems = new ArrayList<>(walker.problems);
        for (Found f : walker.found) {
            int slash = f.relativePath.indexOf('/');
            if (slash < 0 && !names.isEmpty()) {
                problems.add(new Problem(
                        f.file,
                        "image beside the class folders of " + root + " (" + String.join(", ", shortList(names))
                                + "): it has no class; expected every image in a class folder"));
                continue;
            }
            int label = slash < 0 ? -1 : names.indexOf(f.relativePath.substring(0, slash));
            entries.add(new Entry(f.file, f.relativePath, label, f.size, f.modifiedNanos));
        }
        entries.sort(Comparator.comparing(Entry::relativePath));
        problems.sort(Comparator.comparing(p -> p.file().toString()));
        if (entries.isEmpty() && problems.isEmpty()) {
            String others = walker.otherFiles.isEmpty()
                    ? ""
                    : "; found " + walker.otherFiles.size() + " other file" + (walker.otherFiles.size() == 1 ? "" : "s")
                            + ", e.g. " + walker.otherFiles.get(0);
            throw new InvalidInputException(root + ": no image files (." + String.join(", .", sortedExtensions())
                    + ") in the folder or its sub-folders" + others);
        }
        return new ImageFolder(root, entries, names, problems, walker.otherFiles);
    }

    /** @return the folder, as it was given */
    public Path root() {
        return root;
    }

    /** @return the image files found, sorted by relative path (their content not yet checked) */
    public List<Entry> entries() {
        return entries;
    }

    /** @return the class names in label order, or an empty list when the folder is unlabelled */
    public List<String> labelNames() {
        return labelNames;
    }

    /** @return whether the images have labels from class folders */
    public boolean labelled() {
        return !labelNames.isEmpty();
    }

    /** @return files refused by the scan: links out of the folder or to nowhere, images beside class folders */
    public List<Problem> problems() {
        return problems;
    }

    /** @return files that are not named as images, relative to the folder, sorted; ignored */
    public List<String> otherFiles() {
        return otherFiles;
    }

    private static List<String> sortedExtensions() {
        return ImageFormat.EXTENSIONS.stream().sorted().toList();
    }

    private static List<String> shortList(List<String> names) {
        return names.size() <= 3 ? names : List.of(names.get(0), names.get(1), "...", names.get(names.size() - 1));
    }

    private record Found(Path file, String relativePath, long size, long modifiedNanos) {}

    /** Walks the tree without following links, collecting image files, other files and problems. */
    private static final class Walker extends SimpleFileVisitor<Path> {
        private final Path root;
        private final Path realRoot;
        final List<Found> found = new ArrayList<>();
        final List<Problem> problems = new ArrayList<>();
        final List<String> otherFiles = new ArrayList<>();

        Walker(Path root, Path realRoot) {
            this.root = root;
            this.realRoot = realRoot;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (!dir.equals(root) && hidden(dir)) {
                return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (hidden(file)) {
                return FileVisitResult.CONTINUE;
            }
            String name = file.getFileName().toString();
            boolean imageName = ImageFormat.hasImageExtension(name);
            if (attrs.isSymbolicLink()) {
                link(file, imageName);
                return FileVisitResult.CONTINUE;
            }
            if (!imageName) {
                otherFiles.add(relative(file));
                return FileVisitResult.CONTINUE;
            }
            if (!attrs.isRegularFile()) {
                problems.add(new Problem(file, "not a regular file (a device, pipe or socket); expected an image"));
                return FileVisitResult.CONTINUE;
            }
            found.add(new Found(file, relative(file), attrs.size(), nanos(attrs)));
            return FileVisitResult.CONTINUE;
        }

        private void link(Path file, boolean imageName) {
            Path target;
            try {
                target = file.toRealPath();
            } catch (NoSuchFileException e) {
                if (imageName) {
                    problems.add(new Problem(file, "symbolic link to nothing (its target does not exist)"));
                }
                return;
            } catch (IOException e) {
                problems.add(new Problem(file, "cannot follow the symbolic link: " + e.getMessage()));
                return;
            }
            boolean inside = target.startsWith(realRoot);
            boolean folder = Files.isDirectory(target);
            if (!inside && (imageName || folder)) {
                problems.add(new Problem(
                        file, "symbolic link leads out of the folder " + root + " (to " + target + "); not read"));
                return;
            }
            if (folder || !imageName) {
                otherFiles.add(relative(file));
                return;
            }
            try {
                BasicFileAttributes real = Files.readAttributes(target, BasicFileAttributes.class);
                if (!real.isRegularFile()) {
                    problems.add(new Problem(file, "symbolic link to something that is not a regular file"));
                    return;
                }
                found.add(new Found(file, relative(file), real.size(), nanos(real)));
            } catch (IOException e) {
                problems.add(new Problem(file, "cannot read: " + e.getMessage()));
            }
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            problems.add(new Problem(file, "cannot read: " + e.getMessage()));
            return FileVisitResult.CONTINUE;
        }

        private String relative(Path file) {
            Path rel = root.relativize(file);
            StringBuilder s = new StringBuilder();
            for (Path part : rel) {
                if (s.length() > 0) {
                    s.append('/');
                }
                s.append(part);
            }
            return s.toString();
        }

        private static boolean hidden(Path p) {
            Path name = p.getFileName();
            return name != null && name.toString().startsWith(".");
        }

        private static long nanos(BasicFileAttributes attrs) {
            return attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        }
    }
}
