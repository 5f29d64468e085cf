package dev.vaekit.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.vaekit.InvalidInputException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the columns of a table become the numbers a model sees, fitted on the training rows and stored in the run's
 * {@code config.json} so that every later file is encoded the same way.
 *
 * <p>Each kept column becomes one or more encoded features, in column order: a {@link ColumnKind#NUMERIC} column one
 * standardised value {@code (v − mean) / std}; a {@link ColumnKind#BINARY} column 0 or 1 (the index of the value in
 * its two categories); a {@link ColumnKind#CATEGORICAL} column K one-hot features. {@link ColumnKind#IGNORE}d columns
 * and the label column give none.
 *
 * <p>Inference, for columns the user did not type: a column whose cells are all decimal numbers is binary if its only
 * values are 0 and 1 and numeric otherwise; any other column is categorical. Numbers are compared by value, so
 * {@code 1}, {@code 1.0} and {@code 1e0} are the same category. Empty cells are errors: vaekit does not impute.
 *
 * @param labelColumn the label column's name, or {@code null} when the table has none
 * @param labelNames the label texts in id order when the labels are text; {@code null} when they are integers (or
 *     absent)
 * @param columns every column of the training table but the label, in file order
 */
public record TableSchema(String labelColumn, List<String> labelNames, List<Column> columns) {

    /** Most categories a categorical column may have; more usually means an identifier or unclean numbers. */
    public static final int MAX_CATEGORIES = 1000;

    /**
     * One column.
     *
     * @param name header name
     * @param kind its type
     * @param categories for binary (exactly two) and categorical (at least one) columns: the values, in encoding order;
     *     otherwise {@code null}
     * @param mean for numeric columns: the training mean; otherwise {@code null}
     * @param std for numeric columns: the training standard deviation (1 for a constant column); otherwise {@code null}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Column(String name, ColumnKind kind, List<String> categories, Double mean, Double std) {

        /** Validates that the fields fit the kind. */
        public Column {
            if (name == null || name.isBlank()) {
                throw new InvalidInputException("data.schema: a column has no name");
            }
            if (kind == null) {
                throw new InvalidInputException("data.schema: column '" + CsvReader.shown(name) + "' has no kind");
            }
            if (kind == ColumnKind.NUMERIC) {
                if (mean == null || std == null || !Double.isFinite(mean) || !(std > 0) || Double.isInfinite(std)) {
                    throw new InvalidInputException("data.schema: numeric column '" + CsvReader.shown(name)
                            + "' needs a finite mean and a std > 0, got " + mean + " and " + std);
                }
            }
            if (kind == ColumnKind.BINARY || kind == ColumnKind.CATEGORICAL) {
                int wanted = kind == ColumnKind.BINARY ? 2 : 1;
                if (categories == null
                        || (kind == ColumnKind.BINARY ? categories.size() != 2 : categories.isEmpty())
                        || new HashSet<>(categories).size() != categories.size()) {
                    throw new InvalidInputException("data.schema: " + kind.id() + " column '" + CsvReader.shown(name)
                            + "' needs " + (wanted == 2 ? "two" : "at least one") + " distinct categories, got "
                            + categories);
                }
                categories = List.copyOf(categories);
            }
        }

        /** @return how many encoded features the column gives */
        public int width() {
            return switch (kind) {
                case NUMERIC, BINARY -> 1;
                case CATEGORICAL -> categories.size();
                case IGNORE -> 0;
            };
        }
    }

    /**
     * A run of encoded features modelled by one likelihood: consecutive numeric or binary columns are merged; each
     * categorical column is its own segment.
     *
     * @param kind numeric, binary or categorical
     * @param start first encoded feature
     * @param width number of encoded features
     */
    public record Segment(ColumnKind kind, int start, int width) {}

    /** What {@link #encode} gives. */
    public record Encoded(Dataset dataset, List<String> labelNames) {}

    /** Validates names and copies the lists. */
    public TableSchema {
        if (columns == null || columns.stream().allMatch(c -> c.kind() == ColumnKind.IGNORE)) {
            throw new InvalidInputException("data.schema: no column is used; at least one must not be ignored");
        }
        Set<String> names = new HashSet<>();
        for (Column c : columns) {
            if (!names.add(c.name()) || c.name().equals(labelColumn)) {
                throw new InvalidInputException(
                        "data.schema: column '" + CsvReader.shown(c.name()) + "' is named twice");
            }
        }
        columns = List.copyOf(columns);
        labelNames = labelNames == null ? null : List.copyOf(labelNames);
    }

    /**
     * Types the columns of a training table and fits the numeric columns' statistics.
     *
     * @param table the training rows
     * @param labelColumn the label column's name; {@code null}, or the default {@code label} when no column has that
     *     name, means no labels
     * @param types column name → type, for the columns not to be inferred
     * @return the schema
     * @throws InvalidInputException naming the file, line and column of the first cell that does not fit
     */
    public static TableSchema fit(Table table, String labelColumn, Map<String, ColumnKind> types) {
        int label = labelColumn == null ? -1 : table.column(labelColumn);
        if (labelColumn != null && label < 0 && !labelColumn.equals(Datasets.CSV_LABEL_COLUMN)) {
            throw new InvalidInputException("data.labelColumn: " + table.file() + " has no column '"
                    + CsvReader.shown(labelColumn) + "'; its columns are " + CsvReader.shownNames(table.header()));
        }
        for (String name : types.keySet()) {
            if (table.column(name) < 0 || table.column(name) == label) {
                throw new InvalidInputException("data.columns: " + table.file() + " has no feature column '"
                        + CsvReader.shown(name) + "'; its columns are " + CsvReader.shownNames(table.header()));
            }
        }
        List<Column> columns = new ArrayList<>();
        for (int c = 0; c < table.header().size(); c++) {
            if (c == label) {
                continue;
            }
            String name = table.header().get(c);
            columns.add(fitColumn(table, c, types.getOrDefault(name, inferKind(table, c))));
        }
        List<String> labelNames = null;
        if (label >= 0) {
            List<String> texts = cells(table, label);
            if (!texts.stream().allMatch(t -> t.matches("[+-]?\\d{1,9}"))) {
                labelNames = List.copyOf(new LinkedHashSet<>(texts));
            }
        }
        return new TableSchema(label >= 0 ? labelColumn : null, labelNames, columns);
    }

    private static ColumnKind inferKind(Table table, int c) {
        Set<String> values = new HashSet<>();
        for (int r = 0; r < table.size(); r++) {
            String cell = cell(table, r, c);
            if (!CsvReader.isNumber(cell)) {
                return ColumnKind.CATEGORICAL;
            }
            if (values.size() <= 2) {
                values.add(canonical(cell));
            }
        }
        return Set.of("0", "1").containsAll(values) && values.size() == 2 ? ColumnKind.BINARY : ColumnKind.NUMERIC;
    }

    private static Column fitColumn(Table table, int c, ColumnKind kind) {
        String name = table.header().get(c);
        switch (kind) {
            case NUMERIC -> {
                double sum = 0;
                double sumSquares = 0;
                for (int r = 0; r < table.size(); r++) {
                    double v = CsvReader.number(cell(table, r, c), table.file(), table.lines()[r], c, table.header());
                    sum += v;
                    sumSquares += v * v;
                }
                double mean = sum / table.size();
                double variance = Math.max(0, sumSquares / table.size() - mean * mean);
                double std = Math.sqrt(variance);
                // A constant column carries no information; std 1 keeps it finite (it encodes to 0 everywhere).
                return new Column(name, kind, null, mean, std > 1e-12 * Math.max(1, Math.abs(mean)) ? std : 1.0);
            }
            case BINARY, CATEGORICAL -> {
                TreeSet<String> values = new TreeSet<>();
                String firstText = null;
                for (int r = 0; r < table.size(); r++) {
                    String cell = cell(table, r, c);
                    if (firstText == null && !CsvReader.isNumber(cell)) {
                        firstText = table.position(r, c) + " '" + CsvReader.shown(cell) + "'";
                    }
                    values.add(canonical(cell));
                }
                if (kind == ColumnKind.BINARY && values.size() != 2) {
                    throw new InvalidInputException(table.file() + ": binary column '" + CsvReader.shown(name)
                            + "' must hold exactly two distinct values, found " + values.size() + ": "
                            + shownValues(values));
                }
                if (values.size() > MAX_CATEGORIES) {
                    throw new InvalidInputException(
                            table.file() + ": column '" + CsvReader.shown(name) + "' has " + values.size()
                                    + " distinct values, more than " + MAX_CATEGORIES + " categories"
                                    + (firstText == null ? "" : "; its first non-number is at " + firstText)
                                    + "; clean it and type it numeric, or set data.columns." + CsvReader.shown(name)
                                    + " to ignore");
                }
                return new Column(name, kind, List.copyOf(values), null, null);
            }
            default -> {
                return new Column(name, ColumnKind.IGNORE, null, null, null);
            }
        }
    }

    /**
     * Encodes a table with this schema (fitted on the training table; the same columns must be present, in any order).
     *
     * @param table rows to encode
     * @param name the data set's name
     * @return the rows as a {@code 1 x 1 x encodedDim} data set, with labels when the table has the label column
     * @throws InvalidInputException if a column is missing, a numeric cell is not a number or a category was not seen
     *     in training
     */
    public Encoded encode(Table table, String name) {
        int[] index = new int[columns.size()];
        List<Map<String, Integer>> codes = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            index[i] = table.column(column.name());
            if (index[i] < 0 && column.kind() != ColumnKind.IGNORE) {
                throw new InvalidInputException(table.file() + ": expected a column '" + CsvReader.shown(column.name())
                        + "' as in training, found columns " + CsvReader.shownNames(table.header()));
            }
            Map<String, Integer> code = new LinkedHashMap<>();
            if (column.categories() != null) {
                for (String category : column.categories()) {
                    code.put(category, code.size());
                }
            }
            codes.add(code);
        }
        int dim = encodedDim();
        float[] features = new float[table.size() * dim];
        for (int r = 0; r < table.size(); r++) {
            int at = r * dim;
            for (int i = 0; i < columns.size(); i++) {
                Column column = columns.get(i);
                int c = index[i];
                switch (column.kind()) {
                    case NUMERIC -> {
                        double v =
                                CsvReader.number(cell(table, r, c), table.file(), table.lines()[r], c, table.header());
                        features[at++] = (float) ((v - column.mean()) / column.std());
                    }
                    case BINARY -> features[at++] = category(table, r, c, column, codes.get(i));
                    case CATEGORICAL -> {
                        features[at + category(table, r, c, column, codes.get(i))] = 1f;
                        at += column.width();
                    }
                    case IGNORE -> {}
                }
            }
        }
        int[] labels = null;
        List<String> names = labelNames;
        int label = labelColumn == null ? -1 : table.column(labelColumn);
        if (label >= 0) {
            List<String> texts = cells(table, label);
            labels = new int[table.size()];
            if (labelNames == null && texts.stream().allMatch(t -> t.matches("[+-]?\\d{1,9}"))) {
                for (int r = 0; r < labels.length; r++) {
                    labels[r] = Integer.parseInt(texts.get(r));
                }
            } else {
                // Texts keep their training ids; texts not seen in training (an anomaly class, say) follow in order.
                Map<String, Integer> ids = new LinkedHashMap<>();
                (labelNames == null ? List.<String>of() : labelNames).forEach(t -> ids.put(t, ids.size()));
                for (int r = 0; r < labels.length; r++) {
                    labels[r] = ids.computeIfAbsent(texts.get(r), t -> ids.size());
                }
                names = List.copyOf(ids.keySet());
            }
        }
        return new Encoded(new Dataset(name, features, labels, 1, 1, dim), names);
    }

    private static int category(Table table, int r, int c, Column column, Map<String, Integer> code) {
        String cell = cell(table, r, c);
        Integer id = code.get(canonical(cell));
        if (id == null) {
            throw new InvalidInputException(table.position(r, c) + ": expected one of the categories seen in training ("
                    + shownValues(column.categories()) + "), found '" + CsvReader.shown(cell) + "'");
        }
        return id;
    }

    /**
     * Turns decoded means back into rows of the table, as CSV: numeric columns un-standardised (mean · s + m), binary
     * and categorical columns as their most probable value (ties go to the first category). Ignored columns and the
     * label are left out.
     *
     * @param means E[x|z] of each row, {@code rows × encodedDim}, row-major
     * @param rows number of rows
     * @return CSV text with a header of the kept columns' names
     */
    public String decodeCsv(float[] means, int rows) {
        int dim = encodedDim();
        if (means.length != rows * dim) {
            throw new IllegalArgumentException(means.length + " values for " + rows + " rows of " + dim);
        }
        List<Column> kept =
                columns.stream().filter(c -> c.kind() != ColumnKind.IGNORE).toList();
        StringBuilder csv = new StringBuilder();
        csv.append(String.join(
                        ",", kept.stream().map(c -> CsvReader.quote(c.name())).toList()))
                .append('\n');
        for (int r = 0; r < rows; r++) {
            int at = r * dim;
            List<String> cells = new ArrayList<>();
            for (Column c : kept) {
                switch (c.kind()) {
                    case NUMERIC -> cells.add(String.format(Locale.ROOT, "%.6g", means[at] * c.std() + c.mean()));
                    case BINARY -> cells.add(CsvReader.quote(c.categories().get(means[at] > 0.5f ? 1 : 0)));
                    default -> {
                        int best = 0;
                        for (int k = 1; k < c.width(); k++) {
                            best = means[at + k] > means[at + best] ? k : best;
                        }
                        cells.add(CsvReader.quote(c.categories().get(best)));
                    }
                }
                at += c.width();
            }
            csv.append(String.join(",", cells)).append('\n');
        }
        return csv.toString();
    }

    /** @return the number of encoded features */
    public int encodedDim() {
        return columns.stream().mapToInt(Column::width).sum();
    }

    /** @return the encoded features grouped into runs that one likelihood models */
    public List<Segment> segments() {
        List<Segment> segments = new ArrayList<>();
        int at = 0;
        for (Column column : columns) {
            int w = column.width();
            if (w == 0) {
                continue;
            }
            Segment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
            if (last != null
                    && last.kind() == column.kind()
                    && column.kind() != ColumnKind.CATEGORICAL
                    && last.start() + last.width() == at) {
                segments.set(segments.size() - 1, new Segment(last.kind(), last.start(), last.width() + w));
            } else {
                segments.add(new Segment(column.kind(), at, w));
            }
            at += w;
        }
        return segments;
    }

    /**
     * Σ log std over the numeric columns: the log-Jacobian of the standardisation. A density of standardised values
     * minus this is the density of the values in their own units: p(v) = p((v − m)/s) / s for each column.
     *
     * @return the log-Jacobian
     */
    public double logScale() {
        return columns.stream()
                .filter(c -> c.kind() == ColumnKind.NUMERIC)
                .mapToDouble(c -> Math.log(c.std()))
                .sum();
    }

    private static String cell(Table table, int r, int c) {
        String cell = table.rows().get(r)[c];
        if (cell.isEmpty()) {
            throw new InvalidInputException(table.position(r, c) + ": expected a value, found an empty cell "
                    + "(vaekit does not impute missing values: fill or drop the row)");
        }
        return cell;
    }

    private static List<String> cells(Table table, int c) {
        List<String> out = new ArrayList<>(table.size());
        for (int r = 0; r < table.size(); r++) {
            out.add(cell(table, r, c));
        }
        return out;
    }

    /** Numbers by value (so 1, 1.0 and 1e0 are one category); text as written. */
    static String canonical(String cell) {
        if (!CsvReader.isNumber(cell)) {
            return cell;
        }
        double v = Double.parseDouble(cell);
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v); // also turns -0 into 0
        }
        return Double.toString(v);
    }

    private static String shownValues(Collection<String> values) {
        List<String> first = values.stream().limit(10).map(CsvReader::shown).toList();
        return String.join(", ", first) + (values.size() > 10 ? ", ..." : "");
    }
}
