package io.strongroom.backup.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntConsumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.jdbc.core.JdbcTemplate;

import io.strongroom.crypto.FieldEncryption;
import io.strongroom.platform.SpreadsheetCells;
import io.strongroom.platform.TenantDataRegistry;
import io.strongroom.platform.TenantTable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * A full export of one workspace (D1) as a ZIP archive, written from one consistent snapshot (call
 * inside a repeatable-read transaction with the tenant bound):
 * <ul>
 * <li>{@code README.txt}: what is inside and how to load it;</li>
 * <li>{@code workspace.json}: the workspace and, per table, its module, columns and rows;</li>
 * <li>{@code data.json}: every row of every table, typed (numbers, booleans, JSON as such);</li>
 * <li>{@code dump.sql}: {@code CREATE TABLE} and {@code INSERT} statements any PostgreSQL loads
 * ({@code psql -f dump.sql}), one transaction;</li>
 * <li>{@code csv/<module>/<table>.csv}: one file per table, RFC 4180, cells a spreadsheet would run
 * as a formula turned into text.</li>
 * </ul>
 * The tables are the registry's that a backup copies (the workspace's data; not sessions, queues or
 * keys); personal columns are decrypted, stored secrets (password hashes, token hashes, sealed
 * secrets) and blind indexes are left out.
 */
final class ExportArchive {

    static final String FORMAT = "strongroom-export/1";
    private static final Set<String> NUMBERS = Set.of("smallint", "integer", "bigint", "numeric", "real",
            "double precision");
    private static final int INSERT_BATCH = 500;

    private final JdbcTemplate jdbc;
    private final TenantDataRegistry registry;
    private final FieldEncryption fields;
    private final Backups backups;
    private final JsonMapper json = JsonMapper.builder().build();

    ExportArchive(JdbcTemplate jdbc, TenantDataRegistry registry, FieldEncryption fields, Backups backups) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.fields = fields;
        this.backups = backups;
    }

    /** The tables an export holds, in dependency order. */
    List<TenantTable> tables() {
        return registry.tables().stream().filter(t -> t.inBackup().copied()).toList();
    }

    /** What was written. */
    record Written(int tables, long rows) {
    }

    /** One column of an exported table: its name, its type in the dump, and how it is read. */
    private record Column(String name, String type, boolean encrypted) {
    }

    /**
     * Writes the archive of the bound tenant to {@code target} (not closed); {@code progress} hears
     * how many tables are done.
     */
    Written write(UUID tenant, Map<String, Object> workspace, OutputStream target, IntConsumer progress) throws IOException {
        List<TenantTable> tables = tables();
        Map<String, List<Column>> columns = new LinkedHashMap<>();
        for (TenantTable table : tables) {
            List<Column> list = new ArrayList<>();
            for (BackupArchive.Column column : backups.columns(table.name())) {
                if (table.secretColumns().contains(column.name()) || table.blindIndexes().containsValue(column.name())) {
                    continue; // a stored secret never leaves; a blind index (a keyed hash) means nothing outside
                }
                boolean encrypted = table.personalColumns().contains(column.name());
                list.add(new Column(column.name(), encrypted ? "text" : column.type(), encrypted));
            }
            columns.put(table.name(), list);
        }
        ZipOutputStream zip = new ZipOutputStream(target, StandardCharsets.UTF_8);
        String root = "strongroom-export-" + workspace.get("name") + "/";
        Map<String, Long> counts = new LinkedHashMap<>();
        for (TenantTable table : tables) {
            counts.put(table.name(), jdbc.queryForObject("select count(*) from " + table.name() + " where tenant_id = ?",
                    Long.class, tenant));
        }

        zip.putNextEntry(new ZipEntry(root + "README.txt"));
        zip.write(readme(workspace).getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();

        zip.putNextEntry(new ZipEntry(root + "workspace.json"));
        Map<String, Object> description = new LinkedHashMap<>(workspace);
        description.put("format", FORMAT);
        List<Map<String, Object>> described = new ArrayList<>();
        for (TenantTable table : tables) {
            described.add(Map.of("table", table.name(), "module", table.module(), "rows", counts.get(table.name()),
                    "columns", columns.get(table.name()).stream().map(Column::name).toList()));
        }
        description.put("tables", described);
        zip.write(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(description));
        zip.closeEntry();

        zip.putNextEntry(new ZipEntry(root + "data.json"));
        writeJson(tenant, tables, columns, uncloseable(zip));
        zip.closeEntry();

        zip.putNextEntry(new ZipEntry(root + "dump.sql"));
        writeSql(tenant, workspace, tables, columns, uncloseable(zip));
        zip.closeEntry();

        int done = 0;
        for (TenantTable table : tables) {
            zip.putNextEntry(new ZipEntry(root + "csv/" + table.module() + "/" + table.name() + ".csv"));
            Writer writer = new OutputStreamWriter(uncloseable(zip), StandardCharsets.UTF_8);
            List<Column> list = columns.get(table.name());
            try (CSVPrinter csv = CSVFormat.RFC4180.builder().setHeader(list.stream().map(Column::name)
                    .toArray(String[]::new)).get().print(writer)) {
                rows(tenant, table, list, values -> {
                    List<String> cells = new ArrayList<>(values.size());
                    for (String value : values) {
                        cells.add(value == null ? "" : SpreadsheetCells.neutralised(value));
                    }
                    try {
                        csv.printRecord(cells);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            zip.closeEntry();
            progress.accept(++done);
        }
        zip.finish();
        return new Written(tables.size(), counts.values().stream().mapToLong(Long::longValue).sum());
    }

    private void writeJson(UUID tenant, List<TenantTable> tables, Map<String, List<Column>> columns, OutputStream out) {
        try (JsonGenerator generator = json.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringProperty("format", FORMAT);
            generator.writeName("tables");
            generator.writeStartObject();
            for (TenantTable table : tables) {
                List<Column> list = columns.get(table.name());
                generator.writeName(table.name());
                generator.writeStartArray();
                rows(tenant, table, list, values -> {
                    generator.writeStartObject();
                    for (int i = 0; i < list.size(); i++) {
                        Column column = list.get(i);
                        String value = values.get(i);
                        generator.writeName(column.name());
                        if (value == null) {
                            generator.writeNull();
                        } else if (NUMBERS.contains(column.type())) {
                            generator.writeNumber(value);
                        } else if (column.type().equals("boolean")) {
                            generator.writeBoolean("true".equals(value));
                        } else if (column.type().equals("jsonb") || column.type().equals("json")) {
                            generator.writeTree(json.readTree(value));
                        } else {
                            generator.writeString(value);
                        }
                    }
                    generator.writeEndObject();
                });
                generator.writeEndArray();
            }
            generator.writeEndObject();
            generator.writeEndObject();
        }
    }

    private void writeSql(UUID tenant, Map<String, Object> workspace, List<TenantTable> tables,
            Map<String, List<Column>> columns, OutputStream out) throws IOException {
        Writer sql = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        sql.write("-- Strongroom export of the workspace " + workspace.get("name") + " (" + tenant + "), "
                + workspace.get("exported_at") + "\n-- Load it into an empty PostgreSQL database: psql -v ON_ERROR_STOP=1 -f dump.sql\n"
                + "SET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\nBEGIN;\n\n");
        for (TenantTable table : tables) {
            List<Column> list = columns.get(table.name());
            sql.write("CREATE TABLE " + table.name() + " (\n");
            for (int i = 0; i < list.size(); i++) {
                sql.write("    " + list.get(i).name() + " " + list.get(i).type() + (i + 1 < list.size() ? ",\n" : "\n"));
            }
            sql.write(");\n");
            String insert = "INSERT INTO " + table.name() + " (" + String.join(", ", list.stream().map(Column::name)
                    .toList()) + ") VALUES\n";
            int[] inBatch = {0};
            rows(tenant, table, list, values -> {
                try {
                    sql.write(inBatch[0] == 0 ? insert : ",\n");
                    sql.write("    (");
                    for (int i = 0; i < values.size(); i++) {
                        sql.write(i == 0 ? "" : ", ");
                        String value = values.get(i);
                        sql.write(value == null ? "NULL" : "'" + value.replace("'", "''") + "'");
                    }
                    sql.write(")");
                    if (++inBatch[0] == INSERT_BATCH) {
                        sql.write(";\n");
                        inBatch[0] = 0;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (inBatch[0] > 0) {
                sql.write(";\n");
            }
            sql.write("\n");
        }
        sql.write("COMMIT;\n");
        sql.flush();
    }

    /** Streams the rows of {@code table} of the tenant, each as its columns' text (personal ones decrypted). */
    private void rows(UUID tenant, TenantTable table, List<Column> columns, RowSink sink) {
        boolean anyEncrypted = columns.stream().anyMatch(Column::encrypted);
        List<String> select = new ArrayList<>();
        for (Column column : columns) {
            select.add(column.encrypted() ? column.name() : column.name() + "::text");
        }
        if (anyEncrypted) {
            select.add("id as row_id_for_decryption");
        }
        jdbc.query("select " + String.join(", ", select) + " from " + table.name() + " where tenant_id = ?",
                (ResultSet rs) -> {
                    UUID rowId = anyEncrypted ? rs.getObject(columns.size() + 1, UUID.class) : null;
                    List<String> values = new ArrayList<>(columns.size());
                    for (int i = 0; i < columns.size(); i++) {
                        Column column = columns.get(i);
                        values.add(column.encrypted()
                                ? fields.decrypt(table.name(), column.name(), rowId, rs.getBytes(i + 1))
                                : rs.getString(i + 1));
                    }
                    sink.accept(values);
                }, tenant);
    }

    @FunctionalInterface
    private interface RowSink {
        void accept(List<String> values) throws SQLException;
    }

    private static String readme(Map<String, Object> workspace) {
        return """
                Strongroom export of the workspace %s (%s)
                Made %s, format %s.

                workspace.json   the workspace, and per table: its module, columns and number of rows
                data.json        every row of every table as JSON ({"tables": {"<table>": [{...}, ...]}})
                dump.sql         the same as SQL: load it into an empty PostgreSQL database with
                                 psql -v ON_ERROR_STOP=1 -f dump.sql
                csv/<module>/<table>.csv
                                 one CSV file per table (RFC 4180, UTF-8); a cell that starts with
                                 = + - @ or a tab starts with an apostrophe, so no spreadsheet runs it

                Personal fields are in clear here: keep this file as safely as the data itself.
                Stored secrets (password hashes, single-use tokens, authenticator secrets) are never exported.
                """.formatted(workspace.get("name"), workspace.get("company_name"), workspace.get("exported_at"), FORMAT);
    }

    /** {@code out} for a writer that closes what it wraps (a zip entry, the store's stream): closing only flushes. */
    static OutputStream uncloseable(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
