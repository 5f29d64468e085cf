package dev.vaekit.data;

import dev.vaekit.InvalidInputException;
import dev.vaekit.util.InputFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a table of numbers from a UTF-8 CSV file into a {@link Dataset} of shape {@code 1 x 1 x dim}.
 *
 * <p>Format: the first row is a header naming the columns; every other row has the same number of comma-separated
 * fields. Fields may be quoted in the RFC 4180 way ({@code "a,b"}, {@code "say ""hi"""}); quoted fields may span lines.
 * Lines may end in LF or CRLF, the last line may or may not end in one, and blank lines are skipped. A leading UTF-8
 * byte-order mark is ignored.
 *
 * <p>Feature cells must hold finite decimal numbers (surrounding spaces allowed, e.g. {@code 1}, {@code -0.5},
 * {@code 2.5e-3}); {@code NaN}, {@code Infinity}, hexadecimal and empty cells are rejected.
 *
 * <p>The optional label column is not a feature. If every one of its cells is an integer, those integers are the
 * labels. Otherwise every cell is treated as text and the distinct texts are numbered 0, 1, 2, ... in the order they
 * first appear in the file (so {@code cat,dog,cat,bird} gives labels {@code 0,1,0,2}).
 *
 * <p>Every error is one line: {@code <file>:<line>:<column> ('<header name>'): expected ..., found ...}, with lines
 * and columns counted from 1 (columns count fields, not characters).
 */
public final class CsvReader {

    /** Decimal numbers only: what {@link Double#parseDouble} accepts minus NaN, Infinity, hex and type suffixes. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    private CsvReader() {}

    /**
     * Reads a CSV file.
     *
     * @param csv the file
     * @param labelColumnOrNull the header name of the label column, or {@code null} if the file has no labels
     * @return the rows, named after the file, with labels when a label column was named
     * @throws InvalidInputException if the file is missing, empty or malformed, or has no column named
     *     {@code labelColumnOrNull}
     */
    public static Dataset read(Path csv, String labelColumnOrNull) {
        String name =
                csv.getFileName() == null ? csv.toString() : csv.getFileName().toString();
        return withReader(csv, (in, file) -> parse(in, file, labelColumnOrNull).withName(name));
    }

    /** Something that parses a reader; {@code file} is for messages. */
    @FunctionalInterface
    private interface Parser<T> {
        T parse(Reader in, String file) throws IOException;
    }

    /** Opens a UTF-8 file for a parser, turning I/O failures into one-line messages naming the file. */
    private static <T> T withReader(Path csv, Parser<T> parser) {
        String file = csv.toString();
        InputFiles.requireRegularFile(csv);
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return parser.parse(in, file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file", e);
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(file + ": expected UTF-8 text, found invalid bytes", e);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a CSV file as text cells, for {@link TableSchema} to type and encode. Cells are trimmed; every row must
     * have as many fields as the header.
     *
     * @param csv the file
     * @return the header and rows, with the line on which each row starts
     * @throws InvalidInputException if the file is missing, empty or malformed
     */
    public static Table readTable(Path csv) {
        return withReader(csv, CsvReader::parseTable);
    }

    /** Parses CSV text into cells; {@code file} is only used in messages. */
    static Table parseTable(Reader in, String file) throws IOException {
        Tokenizer tok = new Tokenizer(in, file);
        List<String> header = tok.nextRecord();
        if (header == null) {
            throw new InvalidInputException(file + ":1: empty file; expected a header row naming the columns");
        }
        int headerLine = tok.recordLine;
        List<String> names = header.stream().map(String::trim).toList();
        // found by fuzzing: a nameless column used to fail later, in the schema, without naming the file
        for (int c = 0; c < names.size(); c++) {
            if (names.get(c).isEmpty()) {
                throw new InvalidInputException(file + ":" + headerLine + ": column " + (c + 1)
                        + " has no name; every column of a table needs one in the header");
            }
        }
        requireDistinctNames(names, file, headerLine);
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        List<String> record;
        while ((record = tok.nextRecord()) != null) {
            if (record.size() != names.size()) {
                throw new InvalidInputException(file + ":" + tok.recordLine + ": expected " + names.size()
                        + " fields as in the header, found " + record.size());
            }
            rows.add(record.stream().map(String::trim).toArray(String[]::new));
            lines.add(tok.recordLine);
        }
        if (rows.isEmpty()) {
            throw new InvalidInputException(
                    file + ":" + (headerLine + 1) + ": expected at least one data row after the header, found none");
        }
        return new Table(
                file, names, rows, lines.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Reads only the header row.
     *
     * @param csv the file
     * @return the column names, as written (not trimmed)
     * @throws InvalidInputException if the file is missing, unreadable or empty
     */
    static List<String> header(Path csv) {
        String file = csv.toString();
        InputFiles.requireRegularFile(csv);
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            List<String> header = new Tokenizer(in, file).nextRecord();
            if (header == null) {
                throw new InvalidInputException(file + ":1: empty file; expected a header row naming the columns");
            }
            return header;
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file", e);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Parses CSV text; {@code file} is only used in messages and as the data set's name. */
    static Dataset parse(Reader in, String file, String labelColumnOrNull) throws IOException {
        Tokenizer tok = new Tokenizer(in, file);
        List<String> header = tok.nextRecord();
        if (header == null) {
            throw new InvalidInputException(file + ":1: empty file; expected a header row naming the columns");
        }
        int headerLine = tok.recordLine;
        requireDistinctNames(header, file, headerLine);
        int columns = header.size();
        int labelColumn = -1;
        if (labelColumnOrNull != null) {
            for (int c = 0; c < columns; c++) {
                if (header.get(c).trim().equals(labelColumnOrNull)) {
                    labelColumn = c;
                }
            }
            if (labelColumn < 0) {
                throw new InvalidInputException(file + ":" + headerLine + ": expected a label column named '"
                        + labelColumnOrNull + "', found columns " + shownNames(header));
            }
        }
        int dim = labelColumn >= 0 ? columns - 1 : columns;
        if (dim == 0) {
            throw new InvalidInputException(
                    file + ":" + headerLine + ": expected at least one feature column, found only the label column");
        }

        float[] features = new float[Math.max(16, dim * 64)];
        int filled = 0;
        List<String> labelTexts = new ArrayList<>();
        int rows = 0;
        List<String> record;
        while ((record = tok.nextRecord()) != null) {
            int line = tok.recordLine;
            if (record.size() != columns) {
                throw new InvalidInputException(file + ":" + line + ": expected " + columns
                        + " fields as in the header, found " + record.size());
            }
            if ((long) (rows + 1) * dim > Integer.MAX_VALUE - 8) {
                throw new InvalidInputException(file + ":" + line + ": expected at most " + (Integer.MAX_VALUE - 8)
                        + " values in all, found more");
            }
            if (filled + dim > features.length) {
                features = Arrays.copyOf(features, (int) Math.min(Integer.MAX_VALUE - 8, 2L * features.length + dim));
            }
            for (int c = 0; c < columns; c++) {
                String cell = record.get(c).trim();
                if (c == labelColumn) {
                    if (cell.isEmpty()) {
                        throw new InvalidInputException(
                                position(file, line, c, header) + ": expected a label, found an empty cell");
                    }
                    labelTexts.add(cell);
                    continue;
                }
                features[filled++] = numberInNumericTable(cell, file, line, c, header);
            }
            rows++;
        }
        if (rows == 0) {
            throw new InvalidInputException(
                    file + ":" + (headerLine + 1) + ": expected at least one data row after the header, found none");
        }
        int[] labels = labelColumn >= 0 ? labels(labelTexts) : null;
        return new Dataset(file, Arrays.copyOf(features, filled), labels, 1, 1, dim);
    }

    /**
     * Refuses a header that names a column twice: a second column of the same name would be unreachable by name (as a
     * label column, in a schema, in {@code data.columns}) and is almost always a mistake in the file.
     *
     * @param header the column names as written; compared trimmed, and case-sensitively; empty names are not compared
     * @param file the file, for the message
     * @param line the header's line, for the message
     * @throws InvalidInputException naming the column and both of its positions (counted from 1)
     */
    public static void requireDistinctNames(List<String> header, String file, int line) {
        Map<String, Integer> first = new HashMap<>();
        for (int c = 0; c < header.size(); c++) {
            String name = header.get(c).trim();
            if (name.isEmpty()) {
                continue;
            }
            Integer earlier = first.putIfAbsent(name, c);
            if (earlier != null) {
                throw new InvalidInputException(file + ":" + line + ":" + (c + 1) + ": expected distinct column names,"
                        + " found '" + shown(name) + "' in columns " + (earlier + 1) + " and " + (c + 1));
            }
        }
    }

    /** Integers if every cell is one, else texts numbered in order of first appearance. */
    private static int[] labels(List<String> texts) {
        int[] labels = new int[texts.size()];
        boolean allIntegers = true;
        for (int i = 0; i < texts.size() && allIntegers; i++) {
            String t = texts.get(i);
            if (!INTEGER.matcher(t).matches()) {
                allIntegers = false;
            } else {
                try {
                    labels[i] = Integer.parseInt(t);
                } catch (NumberFormatException e) {
                    allIntegers = false; // beyond int range: treat the column as text
                }
            }
        }
        if (allIntegers) {
            return labels;
        }
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            labels[i] = ids.computeIfAbsent(texts.get(i), k -> ids.size());
        }
        return labels;
    }

    /** As {@link #number}, pointing at the mixed likelihood when the cell holds text. */
    private static float numberInNumericTable(String cell, String file, int line, int column, List<String> header) {
        boolean text = !cell.isEmpty()
                && Character.isLetter(cell.charAt(0))
                && !cell.equalsIgnoreCase("nan")
                && !cell.equalsIgnoreCase("infinity");
        if (text) {
            throw new InvalidInputException(position(file, line, column, header) + ": expected a number, found '"
                    + shown(cell) + "' (for text columns train with model.likelihood mixed)");
        }
        return number(cell, file, line, column, header);
    }

    /**
     * @param text a field's value
     * @return the field as written in CSV: quoted (RFC 4180) when it holds a comma, quote or line break
     */
    public static String quote(String text) {
        return text.matches("(?s).*[,\"\r\n].*") ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    /** @return whether a trimmed cell holds a decimal number this reader accepts */
    static boolean isNumber(String cell) {
        return NUMBER.matcher(cell).matches();
    }

    static float number(String cell, String file, int line, int column, List<String> header) {
        if (!NUMBER.matcher(cell).matches()) {
            throw new InvalidInputException(
                    position(file, line, column, header) + ": expected a number, found '" + shown(cell) + "'");
        }
        double v = Double.parseDouble(cell);
        if (Double.isInfinite(v) || Math.abs(v) > Float.MAX_VALUE) {
            throw new InvalidInputException(
                    position(file, line, column, header) + ": expected a finite float, found '" + shown(cell) + "'");
        }
        return (float) v;
    }

    /** A cell as quoted in a one-line message: line breaks escaped, long cells shortened. */
    static String shown(String cell) {
        return InputFiles.shown(cell);
    }

    /** @return column names for a message: each {@link #shown}, comma-separated */
    static String shownNames(List<String> names) {
        return String.join(", ", names.stream().map(CsvReader::shown).toList());
    }

    static String position(String file, int line, int column, List<String> header) {
        return file + ":" + line + ":" + (column + 1) + " ('"
                + shown(header.get(column).trim()) + "')";
    }

    /** Splits RFC 4180 text into records of fields, tracking the line on which each record starts. */
    private static final class Tokenizer {
        private final Reader in;
        private final String file;
        private int line = 1;
        private int pushedBack = -2;
        private boolean first = true;

        /** The 1-based line on which the last record returned started. */
        int recordLine;

        Tokenizer(Reader in, String file) {
            this.in = in;
            this.file = file;
        }

        private int read() throws IOException {
            if (pushedBack != -2) {
                int c = pushedBack;
                pushedBack = -2;
                return c;
            }
            int c = in.read();
            if (first) {
                first = false;
                if (c == '\uFEFF') {
                    c = in.read();
                }
            }
            return c;
        }

        /** @return the next non-blank record, or {@code null} at the end of the input */
        List<String> nextRecord() throws IOException {
            while (true) {
                int c = read();
                if (c == -1) {
                    return null;
                }
                recordLine = line;
                List<String> fields = new ArrayList<>();
                StringBuilder field = new StringBuilder();
                boolean blank = true;
                boolean sawSeparator = false;
                while (true) {
                    if (c == -1 || c == '\n' || c == '\r') {
                        if (c == '\r') {
                            int next = read();
                            if (next != '\n') {
                                pushedBack = next;
                            }
                        }
                        if (c != -1) {
                            line++;
                        }
                        fields.add(field.toString());
                        break;
                    } else if (c == ',') {
                        fields.add(field.toString());
                        field.setLength(0);
                        sawSeparator = true;
                    } else if (c == '"' && field.toString().isBlank()) {
                        field.setLength(0);
                        blank = false;
                        c = readQuoted(field, fields.size());
                        continue; // c is the character after the closing quote
                    } else {
                        if (!Character.isWhitespace(c)) {
                            blank = false;
                        }
                        field.append((char) c);
                    }
                    c = read();
                }
                if (!blank || sawSeparator) {
                    return fields;
                }
                // A blank line: skip it.
            }
        }

        /**
         * Reads a quoted field's content up to its closing quote and returns the first character after it, which must
         * end the field.
         */
        private int readQuoted(StringBuilder field, int fieldIndex) throws IOException {
            int startLine = line;
            while (true) {
                int c = read();
                if (c == -1) {
                    throw new InvalidInputException(file + ":" + startLine + ":" + (fieldIndex + 1)
                            + ": expected a closing '\"' for the quoted field, found end of file");
                }
                if (c == '"') {
                    int next = read();
                    if (next == '"') {
                        field.append('"');
                        continue;
                    }
                    // Spaces between the closing quote and the separator are tolerated.
                    while (next == ' ' || next == '\t') {
                        next = read();
                    }
                    if (next != ',' && next != '\n' && next != '\r' && next != -1) {
                        throw new InvalidInputException(file + ":" + line + ":" + (fieldIndex + 1)
                                + ": expected ',' or end of line after a closing '\"', found '" + (char) next + "'");
                    }
                    return next;
                }
                if (c == '\n') {
                    line++;
                } else if (c == '\r') {
                    int next = read();
                    if (next != '\n') {
                        pushedBack = next;
                    }
                    line++;
                    field.append('\n');
                    continue;
                }
                field.append((char) c);
            }
        }
    }
}
