package dev.vaekit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vaekit.InvalidInputException;
import dev.vaekit.train.Configs;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableSchemaTest {

    private static Table table(String text) {
        try {
            return CsvReader.parseTable(new StringReader(text), "t.csv");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static final String MIXED = "age,smoker,colour,id,label\n"
            + "20,0,red,a1,ok\n"
            + "30,1,green,a2,ok\n"
            + "40,1.0,red,a3,bad\n"
            + "50,0,blue,a4,ok\n";

    @Test
    void infersNumericBinaryAndCategoricalColumns() {
        TableSchema s = TableSchema.fit(table(MIXED), "label", Map.of("id", ColumnKind.IGNORE));

        assertThat(s.columns())
                .extracting(TableSchema.Column::kind)
                .containsExactly(ColumnKind.NUMERIC, ColumnKind.BINARY, ColumnKind.CATEGORICAL, ColumnKind.IGNORE);
        TableSchema.Column age = s.columns().get(0);
        assertThat(age.mean()).isEqualTo(35.0);
        assertThat(age.std()).isCloseTo(Math.sqrt(125), within(1e-12)); // population std of 20, 30, 40, 50
        assertThat(s.columns().get(1).categories()).containsExactly("0", "1");
        assertThat(s.columns().get(2).categories()).containsExactly("blue", "green", "red");
        assertThat(s.labelNames()).containsExactly("ok", "bad");
        assertThat(s.encodedDim()).isEqualTo(1 + 1 + 3);
    }

    @Test
    void encodesStandardisedNumbersBitsAndOneHots() {
        TableSchema s = TableSchema.fit(table(MIXED), "label", Map.of("id", ColumnKind.IGNORE));

        TableSchema.Encoded e = s.encode(table(MIXED), "t");

        float z = (float) (-15 / Math.sqrt(125));
        assertThat(e.dataset().features()).startsWith(z, 0f, 0f, 0f, 1f);
        // row 3: 40 -> +5/sqrt(125); "1.0" is the category 1; red
        assertThat(e.dataset().features()).containsSequence((float) (5 / Math.sqrt(125)), 1f, 0f, 0f, 1f);
        assertThat(e.dataset().labels()).containsExactly(0, 0, 1, 0);
        assertThat(e.dataset().dim()).isEqualTo(5);
    }

    @Test
    void newLabelTextsFollowTheTrainingOnesAndMissingLabelsAreAllowed() {
        TableSchema s = TableSchema.fit(table("x,label\n1,ok\n2,ok\n3,ok\n"), "label", Map.of());

        TableSchema.Encoded e = s.encode(table("x,label\n1,weird\n2,ok\n"), "test");
        assertThat(e.dataset().labels()).containsExactly(1, 0);
        assertThat(e.labelNames()).containsExactly("ok", "weird");

        assertThat(s.encode(table("x\n1\n"), "unlabelled").dataset().hasLabels())
                .isFalse();
    }

    @Test
    void segmentsMergeRunsOfNumericAndBinaryButNotCategoricals() {
        TableSchema s = TableSchema.fit(
                table("a,b,c,d,e,f\n1,0,x,2,x,1\n2,1,y,3,y,0\n"),
                null,
                Map.of("e", ColumnKind.CATEGORICAL, "f", ColumnKind.BINARY));

        assertThat(s.segments())
                .containsExactly(
                        new TableSchema.Segment(ColumnKind.NUMERIC, 0, 1),
                        new TableSchema.Segment(ColumnKind.BINARY, 1, 1),
                        new TableSchema.Segment(ColumnKind.CATEGORICAL, 2, 2),
                        new TableSchema.Segment(ColumnKind.NUMERIC, 4, 1),
                        new TableSchema.Segment(ColumnKind.CATEGORICAL, 5, 2),
                        new TableSchema.Segment(ColumnKind.BINARY, 7, 1));
    }

    @Test
    void decodedMeansBecomeRowsInTheTablesOwnUnits() {
        TableSchema s = TableSchema.fit(table(MIXED), "label", Map.of("id", ColumnKind.IGNORE));
        float sd = (float) Math.sqrt(125);
        // age +1 sd; smoker P(1) = 0.7; colour probabilities blue 0.2, green 0.5, red 0.3
        float[] means = {1f, 0.7f, 0.2f, 0.5f, 0.3f, -2f, 0.1f, 0.1f, 0.1f, 0.8f};

        String csv = s.decodeCsv(means, 2);

        assertThat(csv)
                .isEqualTo("age,smoker,colour\n"
                        + String.format(java.util.Locale.ROOT, "%.6g", 35 + sd) + ",1,green\n"
                        + String.format(java.util.Locale.ROOT, "%.6g", 35 - 2 * sd) + ",0,red\n");
    }

    @Test
    void logScaleIsTheSumOfLogStds() {
        TableSchema s = TableSchema.fit(table("a,b\n0,0\n2,10\n"), null, Map.of());

        assertThat(s.logScale()).isCloseTo(Math.log(1) + Math.log(5), within(1e-12));
    }

    @Test
    void constantColumnsGetUnitScale() {
        TableSchema s = TableSchema.fit(table("a,b\n7,1\n7,2\n"), null, Map.of());

        assertThat(s.columns().get(0).std()).isEqualTo(1.0);
        assertThat(s.encode(table("a,b\n7,1\n"), "t").dataset().features()[0]).isZero();
    }

    @Test
    void roundTripsThroughJson() {
        TableSchema s = TableSchema.fit(table(MIXED), "label", Map.of("id", ColumnKind.IGNORE));

        TableSchema back = Configs.parseJson(Configs.toJson(s), TableSchema.class, "test");

        assertThat(back).isEqualTo(s);
        assertThat(Configs.toJson(s)).doesNotContain("null");
    }

    @Test
    void unseenCategoryNamesTheCell() {
        TableSchema s = TableSchema.fit(table(MIXED), "label", Map.of("id", ColumnKind.IGNORE));

        assertThatThrownBy(() -> s.encode(table("age,smoker,colour,label\n20,0,purple,ok\n"), "t"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("t.csv:2:3 ('colour'): expected one of the categories seen in training (blue, green, red),"
                        + " found 'purple'");
    }

    @Test
    void missingColumnIsNamed() {
        TableSchema s = TableSchema.fit(table(MIXED), "label", Map.of("id", ColumnKind.IGNORE));

        assertThatThrownBy(() -> s.encode(table("age,smoker\n1,0\n"), "t"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("t.csv: expected a column 'colour' as in training");
    }

    @Test
    void nonNumericCellInANumericColumnIsNamed() {
        assertThatThrownBy(() -> TableSchema.fit(table("a,b\n1,2\nx,3\n"), null, Map.of("a", ColumnKind.NUMERIC)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("t.csv:3:1 ('a'): expected a number, found 'x'");
    }

    @Test
    void emptyCellsAreRefused() {
        assertThatThrownBy(() -> TableSchema.fit(table("a,b\n1,2\n,3\n"), null, Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("t.csv:3:1 ('a'): expected a value, found an empty cell");
    }

    @Test
    void binaryNeedsTwoValues() {
        assertThatThrownBy(() -> TableSchema.fit(table("a\n1\n2\n3\n"), null, Map.of("a", ColumnKind.BINARY)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("t.csv: binary column 'a' must hold exactly two distinct values, found 3: 1, 2, 3");
    }

    @Test
    void typesForUnknownColumnsAndAMissingNamedLabelAreRefused() {
        assertThatThrownBy(() -> TableSchema.fit(table("a\n1\n"), null, Map.of("b", ColumnKind.NUMERIC)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("data.columns: t.csv has no feature column 'b'; its columns are a");
        assertThatThrownBy(() -> TableSchema.fit(table("a\n1\n"), "diagnosis", Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("data.labelColumn: t.csv has no column 'diagnosis'; its columns are a");
    }

    @Test
    void unknownColumnTypeIsOneLine() {
        assertThatThrownBy(() -> ColumnKind.parse("ordinal"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("unknown column type 'ordinal'; expected one of [numeric, binary, categorical, ignore]");
    }

    @Test
    void tooManyCategoriesPointsAtTheFirstText() {
        StringBuilder csv = new StringBuilder("a\n?\n");
        for (int i = 0; i < TableSchema.MAX_CATEGORIES + 1; i++) {
            csv.append(i).append('\n');
        }
        assertThatThrownBy(() -> TableSchema.fit(table(csv.toString()), null, Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("its first non-number is at t.csv:2:1 ('a') '?'")
                .hasMessageContaining("data.columns.a to ignore");
    }

    @Test
    void allIgnoredIsRefused() {
        assertThatThrownBy(() -> TableSchema.fit(table("a\n1\n"), null, Map.of("a", ColumnKind.IGNORE)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no column is used");
    }

    @Test
    void canonicalNumbersCompareByValue() {
        assertThat(List.of("1", "1.0", "1e0", "+1").stream().map(TableSchema::canonical))
                .containsOnly("1");
        assertThat(TableSchema.canonical("-0.0")).isEqualTo("0");
        assertThat(TableSchema.canonical("0.5")).isEqualTo("0.5");
        assertThat(TableSchema.canonical("red")).isEqualTo("red");
    }
}
