package dev.vaekit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vaekit.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {

    @TempDir
    Path dir;

    private Path csv(String text) throws IOException {
        return Files.writeString(dir.resolve("t.csv"), text, StandardCharsets.UTF_8);
    }

    @Test
    void readsNumbersAsOneByOneByDim() throws IOException {
        Path f = csv("a,b,c\n1,2,3\n-0.5, 2.5e-3 ,+4\n");

        Dataset d = CsvReader.read(f, null);

        assertThat(d.name()).isEqualTo("t.csv");
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.channels()).isEqualTo(1);
        assertThat(d.height()).isEqualTo(1);
        assertThat(d.width()).isEqualTo(3);
        assertThat(d.features()).containsExactly(1f, 2f, 3f, -0.5f, 2.5e-3f, 4f);
        assertThat(d.labels()).isNull();
    }

    @Test
    void integerLabelColumnIsNotAFeature() throws IOException {
        Path f = csv("x,label,y\n1,3,2\n4,0,5\n");

        Dataset d = CsvReader.read(f, "label");

        assertThat(d.dim()).isEqualTo(2);
        assertThat(d.features()).containsExactly(1f, 2f, 4f, 5f);
        assertThat(d.labels()).containsExactly(3, 0);
    }

    @Test
    void textLabelsAreNumberedInOrderOfFirstAppearance() throws IOException {
        Path f = csv("x,kind\n1,cat\n2,dog\n3,cat\n4,bird\n5,7\n");

        Dataset d = CsvReader.read(f, "kind");

        assertThat(d.labels()).containsExactly(0, 1, 0, 2, 3);
    }

    @Test
    void quotedFieldsCrlfBomAndNoTrailingNewline() throws IOException {
        Path f = csv("\uFEFF\"first, name\",\"b\"\"q\"\r\n\"1\",2\r\n\r\n3,\"4\"");

        Dataset d = CsvReader.read(f, null);

        assertThat(d.features()).containsExactly(1f, 2f, 3f, 4f);
    }

    @Test
    void quotedHeaderNameAppearsInMessages() throws IOException {
        Path f = csv("\"first, name\",b\n1,2\n\"x\ny\",3\n");

        assertThatThrownBy(() -> CsvReader.read(f, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(
                        f
                                + ":3:1 ('first, name'): expected a number, found 'x\\ny' (for text columns train with model.likelihood mixed)");
    }

    @Test
    void nonNumericCellGivesLineAndColumn() throws IOException {
        Path f = csv("a,b,c\n1,2,3\n4,abc,6\n");

        assertThatThrownBy(() -> CsvReader.read(f, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(
                        f
                                + ":3:2 ('b'): expected a number, found 'abc' (for text columns train with model.likelihood mixed)");
    }

    @Test
    void nonFiniteAndOddNumbersAreRejected() throws IOException {
        for (String bad : new String[] {"NaN", "Infinity", "-Infinity", "0x1p3", "1f", ""}) {
            Path f = csv("a,b\n1," + bad + "\n");
            assertThatThrownBy(() -> CsvReader.read(f, null))
                    .as(bad)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage(f + ":2:2 ('b'): expected a number, found '" + bad + "'");
        }
        Path f = csv("a,b\n1,1e400\n");
        assertThatThrownBy(() -> CsvReader.read(f, null))
                .hasMessage(f + ":2:2 ('b'): expected a finite float, found '1e400'");
    }

    @Test
    void raggedRow() throws IOException {
        Path f = csv("a,b,c\n1,2,3\n4,5\n");

        assertThatThrownBy(() -> CsvReader.read(f, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(f + ":3: expected 3 fields as in the header, found 2");
    }

    @Test
    void emptyFile() throws IOException {
        Path f = csv("");

        assertThatThrownBy(() -> CsvReader.read(f, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(f + ":1: empty file; expected a header row naming the columns");
    }

    @Test
    void headerWithoutRows() throws IOException {
        Path f = csv("a,b\n");

        assertThatThrownBy(() -> CsvReader.read(f, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(f + ":2: expected at least one data row after the header, found none");
    }

    @Test
    void missingLabelColumn() throws IOException {
        Path f = csv("a,b\n1,2\n");

        assertThatThrownBy(() -> CsvReader.read(f, "label"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(f + ":1: expected a label column named 'label', found columns a, b");
    }

    @Test
    void emptyLabelCell() throws IOException {
        Path f = csv("a,label\n1,2\n3,\n");

        assertThatThrownBy(() -> CsvReader.read(f, "label"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(f + ":3:2 ('label'): expected a label, found an empty cell");
    }

    @Test
    void unterminatedQuote() throws IOException {
        Path f = csv("a,b\n1,\"2\n");

        assertThatThrownBy(() -> CsvReader.read(f, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(f + ":2:2: expected a closing '\"' for the quoted field, found end of file");
    }

    @Test
    void textAfterClosingQuote() throws IOException {
        Path f = csv("a,b\n1,\"2\"x\n");

        assertThatThrownBy(() -> CsvReader.read(f, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(f + ":2:2: expected ',' or end of line after a closing '\"', found 'x'");
    }

    @Test
    void aDuplicatedColumnNameIsRefusedForEveryUse() throws IOException {
        // the second 'x' (column 3, written with spaces) is found whichever way the table is read
        Path f = csv("x,label,\" x \",y\n1,0,2,3\n");
        String expected = f + ":1:3: expected distinct column names, found 'x' in columns 1 and 3";

        assertThatThrownBy(() -> CsvReader.read(f, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(expected);
        assertThatThrownBy(() -> CsvReader.read(f, "label"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(expected);
        assertThatThrownBy(() -> CsvReader.readTable(f))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(expected);
        assertThatThrownBy(() -> Datasets.load("csv:" + f, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(expected);
    }

    @Test
    void aSecondLabelColumnIsADuplicatedName() throws IOException {
        Path f = csv("label,a,label\n1,2,3\n");

        assertThatThrownBy(() -> CsvReader.read(f, "label"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(f + ":1:3: expected distinct column names, found 'label' in columns 1 and 3");
    }

    @Test
    void missingFile() {
        Path f = dir.resolve("none.csv");

        assertThatThrownBy(() -> CsvReader.read(f, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(f + ": no such file");
    }
}
