import dev.vaekit.data.Dataset;
import dev.vaekit.data.Datasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Writes mnist-mini's 6000 images (train then test), repeated REPEAT times, as CSV (px0..px783,label) and as Parquet
 * (784 float columns and an int label) beside it. Usage: java SparkRows.java OUT.csv REPEAT
 */
public class SparkRows {
    public static void main(String[] args) throws Exception {
        var split = Datasets.load("mnist-mini", null);
        int repeat = Integer.parseInt(args[1]);
        StringBuilder b = new StringBuilder();
        List<StructField> fields = new ArrayList<>();
        for (int j = 0; j < 784; j++) {
            b.append("px").append(j).append(',');
            fields.add(DataTypes.createStructField("px" + j, DataTypes.FloatType, false));
        }
        b.append("label\n");
        fields.add(DataTypes.createStructField("label", DataTypes.IntegerType, false));
        List<Row> rows = new ArrayList<>();
        for (int copy = 0; copy < repeat; copy++) {
            for (Dataset d : new Dataset[] {split.trainRows(), split.testRows()}) {
                for (int i = 0; i < d.size(); i++) {
                    Object[] values = new Object[785];
                    for (int j = 0; j < d.dim(); j++) {
                        float v = d.features()[i * d.dim() + j];
                        b.append(v).append(',');
                        values[j] = v;
                    }
                    b.append(d.labels()[i]).append('\n');
                    values[784] = d.labels()[i];
                    rows.add(RowFactory.create(values));
                }
            }
        }
        Files.writeString(Path.of(args[0]), b);
        SparkSession spark = SparkSession.builder().master("local[2]").appName("rows").getOrCreate();
        spark.createDataFrame(rows, DataTypes.createStructType(fields))
                .write()
                .mode("overwrite")
                .parquet(args[0].replaceAll("\\.csv$", ".parquet"));
        spark.stop();
    }
}
