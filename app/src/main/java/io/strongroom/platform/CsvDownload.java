package io.strongroom.platform;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A list page's rows as a CSV download (D1: "CSV export from each list page, as filtered"): RFC 4180
 * (commons-csv), UTF-8, one column per key in the order given, lists joined with "; ", every cell
 * neutralised against spreadsheet formulas ({@link SpreadsheetCells}). For lists a page shows whole
 * (at most a few thousand rows); the people and the audit trail stream theirs.
 */
public final class CsvDownload {

    private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private CsvDownload() {
    }

    public static ResponseEntity<String> of(String filename, List<String> columns,
            Collection<? extends Map<String, ?>> rows) {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = CSVFormat.RFC4180.builder().setHeader(columns.toArray(String[]::new)).get().print(out)) {
            for (Map<String, ?> row : rows) {
                List<String> cells = new ArrayList<>(columns.size());
                for (String column : columns) {
                    cells.add(SpreadsheetCells.neutralised(cell(row.get(column))));
                }
                csv.printRecord(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return ResponseEntity.ok().contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(filename).build().toString())
                .body(out.toString());
    }

    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Collection<?> many) {
            return String.join("; ", many.stream().map(CsvDownload::cell).toList());
        }
        return value.toString();
    }
}
