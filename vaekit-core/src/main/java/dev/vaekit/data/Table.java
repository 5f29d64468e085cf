package dev.vaekit.data;

import java.util.List;

/**
 * A CSV file as text: the header's column names and each row's trimmed cells, with the line each row starts on (for
 * messages). {@link TableSchema} types the columns and turns the rows into numbers.
 *
 * @param file where the table came from, for messages
 * @param header column names, trimmed
 * @param rows the cells of each row, as many as the header has names
 * @param lines the 1-based line on which each row starts
 */
public record Table(String file, List<String> header, List<String[]> rows, int[] lines) {

    /** Copies the lists. */
    public Table {
        header = List.copyOf(header);
        rows = List.copyOf(rows);
        if (lines.length != rows.size()) {
            throw new IllegalArgumentException(lines.length + " line numbers for " + rows.size() + " rows");
        }
    }

    /** @return the number of rows */
    public int size() {
        return rows.size();
    }

    /** @return the file's name without its folder, as a data set name */
    public String name() {
        int slash = file.lastIndexOf('/');
        return slash < 0 ? file : file.substring(slash + 1);
    }

    /** @return the index of the named column, or −1 */
    public int column(String name) {
        return header.indexOf(name);
    }

    /** @return {@code file:line:column ('name')} for a cell, as used in messages */
    String position(int row, int column) {
        return CsvReader.position(file, lines[row], column, header);
    }
}
