package io.strongroom.people.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import io.strongroom.people.Person;
import io.strongroom.people.PersonField;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.Language;

/**
 * People as CSV (Apache Commons CSV, RFC 4180): the export's columns are the catalog's API names;
 * the import takes those or the field labels in any language Strongroom speaks (so a sheet exported,
 * edited in a spreadsheet and saved with its headers translated still reads), separated by commas,
 * semicolons (European spreadsheets) or tabs, UTF-8 with or without a byte-order mark.
 */
@Component
class PeopleCsv {

    /** The most rows one import takes (a bigger company imports in parts). */
    static final int MAX_ROWS = 5_000;

    private final Map<String, PersonField> headers = new HashMap<>();

    PeopleCsv(MessageSource messages) {
        for (PersonField field : PersonField.values()) {
            headers.put(normal(field.apiName()), field);
            for (Language language : Language.values()) {
                Optional.ofNullable(messages.getMessage("field." + field.apiName(), null, null, language.locale()))
                        .ifPresent(label -> headers.putIfAbsent(normal(label), field));
            }
        }
    }

    /** The export: id and the given fields (personal ones only for a caller who may see them), then one row a person. */
    void write(Writer out, List<Person> people, List<PersonField> fields) {
        try {
            out.write('\ufeff'); // so spreadsheet programs read the file as UTF-8
            List<String> header = new ArrayList<>();
            header.add("id");
            fields.forEach(f -> header.add(f.apiName()));
            try (CSVPrinter printer = CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get().print(out)) {
                for (Person person : people) {
                    Map<String, Object> values = person.fields();
                    List<String> row = new ArrayList<>();
                    row.add(person.id().toString());
                    for (PersonField field : fields) {
                        Object value = values.get(field.apiName());
                        row.add(value == null ? "" : neutralised(value.toString()));
                    }
                    printer.printRecord(row);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A cell a spreadsheet would run as a formula (=, +, -, @, tab or return first) gets a leading
     * apostrophe, as OWASP recommends against CSV injection; the import takes it off again.
     */
    static String neutralised(String value) {
        return io.strongroom.platform.SpreadsheetCells.neutralised(value);
    }

    /** A file showing every column the import takes (API names) and one example row. */
    static String example() {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter printer = CSVFormat.RFC4180.builder().setHeader(
                java.util.Arrays.stream(PersonField.values()).map(PersonField::apiName).toArray(String[]::new)).get().print(out)) {
            List<String> row = new ArrayList<>();
            for (PersonField field : PersonField.values()) {
                row.add(switch (field) {
                    case GIVEN_NAME -> "Ada";
                    case FAMILY_NAME -> "Lovelace";
                    case WORK_EMAIL -> "ada.lovelace@example.com";
                    case JOB_TITLE -> "Analyst";
                    case DEPARTMENT -> "Research";
                    case START_DATE -> "2025-04-01";
                    case STATUS -> "active";
                    default -> "";
                });
            }
            printer.printRecord(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The bytes of an uploaded file as text; a 400 naming {@code file} when they are not UTF-8. */
    static String utf8(byte[] bytes) {
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw ApiProblem.validation("file", "must be UTF-8 text (save it as CSV UTF-8)");
        }
    }

    /** One row of an import: its line number in the file (the header is line 1) and its values by API name. */
    record Row(long line, Map<String, Object> values) {
    }

    /** The rows of an uploaded file; a 400 naming {@code file} when it cannot be read as such. */
    List<Row> read(String text) {
        String content = text.startsWith("\ufeff") ? text.substring(1) : text;
        if (content.isBlank()) {
            throw ApiProblem.validation("file", "must not be empty");
        }
        if (content.indexOf('\0') >= 0) {
            throw ApiProblem.validation("file", "must not contain a NUL character");
        }
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter(content)).setHeader()
                .setSkipHeaderRecord(true).setIgnoreEmptyLines(true).setTrim(true).get();
        try (CSVParser parser = format.parse(new StringReader(content))) {
            List<String> names = parser.getHeaderNames();
            Map<String, PersonField> columns = new LinkedHashMap<>();
            List<ApiProblem.FieldProblem> problems = new ArrayList<>();
            for (String name : names) {
                if (normal(name).equals("id")) {
                    continue; // an exported file's ids: the import creates new records
                }
                PersonField field = headers.get(normal(name));
                if (field == null) {
                    problems.add(new ApiProblem.FieldProblem("file", "has an unknown column " + name));
                } else if (columns.containsValue(field)) {
                    problems.add(new ApiProblem.FieldProblem("file", "has the column " + name + " twice"));
                } else {
                    columns.put(name, field);
                }
            }
            if (!problems.isEmpty()) {
                throw ApiProblem.validation(problems);
            }
            List<Row> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                if (rows.size() == MAX_ROWS) {
                    throw ApiProblem.validation("file", "must have at most " + MAX_ROWS + " rows");
                }
                if (record.size() != names.size()) {
                    throw ApiProblem.validation("file", "line " + (record.getRecordNumber() + 1) + " has "
                            + record.size() + " cells instead of " + names.size());
                }
                Map<String, Object> values = new LinkedHashMap<>();
                columns.forEach((name, field) -> {
                    String cell = record.get(name);
                    if (!cell.isEmpty()) {
                        values.put(field.apiName(), cell.startsWith("'") && cell.length() > 1
                                && "=+-@\t\r".indexOf(cell.charAt(1)) >= 0 ? cell.substring(1) : cell);
                    }
                });
                rows.add(new Row(record.getRecordNumber() + 1, values));
            }
            if (rows.isEmpty()) {
                throw ApiProblem.validation("file", "has no rows below its header");
            }
            return rows;
        } catch (IOException | java.io.UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw ApiProblem.validation("file", "is not a CSV file with one header row");
        }
    }

    /** The separator of the header line: comma, semicolon or tab, whichever it has most of. */
    private static char delimiter(String content) {
        int end = content.indexOf('\n');
        String header = end < 0 ? content : content.substring(0, end);
        char best = ',';
        long most = -1;
        for (char candidate : new char[] {',', ';', '\t'}) {
            long count = header.chars().filter(c -> c == candidate).count();
            if (count > most) {
                most = count;
                best = candidate;
            }
        }
        return best;
    }

    private static String normal(String header) {
        return header.strip().toLowerCase(Locale.ROOT);
    }
}
