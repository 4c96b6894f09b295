package io.strongroom.people;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;
import tools.jackson.databind.JsonNode;

/**
 * The people list in every order, both ways, paged forwards and backwards: each walk sees every
 * record exactly once, in the order a person expects (empty values last when ascending, ties by
 * name); cursors work only with the sort they came from.
 */
class PeopleListOrderTest extends ApiTest {

    Workspace ws;
    String owner;
    List<Map<String, String>> created = new ArrayList<>();

    @BeforeEach
    void people() {
        ws = TestUsers.signUp(client(), "order");
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        add("Ada", "Adams", "Engineer", "Platform", "2021-03-01", "active");
        add("Bea", "Baker", null, "Sales", "2019-07-15", "on_leave");
        add("Cid", "Clark", "Analyst", null, null, "active");
        add("Dan", "Clark", "Engineer", "Platform", "2023-01-09", "terminated");
        add("Eve", "Dunn", "Designer", "Design", null, "active");
        add("Fay", "Evans", null, null, "2020-11-30", "on_leave");
        add("Gus", "Foster", "Analyst", "Sales", "2019-07-15", "active");
    }

    private void add(String given, String family, String title, String department, String start, String status) {
        Map<String, Object> body = new HashMap<>();
        body.put("given_name", given);
        body.put("family_name", family);
        body.put("job_title", title);
        body.put("department", department);
        body.put("start_date", start);
        body.put("status", status);
        Response response = bearer(owner).post("/api/v1/people", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        Map<String, String> person = new HashMap<>();
        response.json().properties().forEach(e -> person.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asString()));
        created.add(person);
    }

    @Test
    void everyOrderPagesForwardsAndBackwardsOverEveryRecordOnce() {
        Map<String, Function<Map<String, String>, String>> columns = Map.of(
                "name", p -> p.get("family_name"), "job_title", p -> p.get("job_title"),
                "department", p -> p.get("department"), "start_date", p -> p.get("start_date"), "status", p -> p.get("status"));
        for (var column : columns.entrySet()) {
            Comparator<Map<String, String>> ascending = Comparator
                    .comparing(column.getValue(), Comparator.nullsLast(Comparator.<String>naturalOrder()))
                    .thenComparing(p -> p.get("family_name")).thenComparing(p -> p.get("given_name"))
                    .thenComparing(p -> p.get("id"));
            List<String> expected = created.stream().sorted(ascending).map(p -> p.get("id")).toList();
            List<String> descending = new ArrayList<>(expected);
            java.util.Collections.reverse(descending);

            assertThat(forwards(column.getKey())).as("sort=" + column.getKey()).isEqualTo(expected);
            assertThat(backwards(column.getKey())).as("sort=" + column.getKey() + " backwards").isEqualTo(expected);
            assertThat(forwards("-" + column.getKey())).as("sort=-" + column.getKey()).isEqualTo(descending);
            assertThat(backwards("-" + column.getKey())).as("sort=-" + column.getKey() + " backwards").isEqualTo(descending);
        }
    }

    @Test
    void theFilterAndTheTotalHoldOnEveryPage() {
        JsonNode first = list("?status=active&sort=-start_date&limit=2");
        assertThat(first.get("total").asLong()).isEqualTo(4);
        assertThat(first.get("previous_before").isNull()).isTrue();
        JsonNode second = list("?status=active&sort=-start_date&limit=2&after=" + first.get("next_after").asString());
        assertThat(second.get("total").asLong()).isEqualTo(4);
        assertThat(second.get("next_after").isNull()).as("4 records, 2 pages").isTrue();
        assertThat(second.get("items").valueStream().map(p -> p.get("status").asString())).containsOnly("active");
        JsonNode back = list("?status=active&sort=-start_date&limit=2&before=" + second.get("previous_before").asString());
        assertThat(back.get("items").valueStream().map(p -> p.get("id").asString()).toList())
                .isEqualTo(first.get("items").valueStream().map(p -> p.get("id").asString()).toList());
        assertThat(back.get("previous_before").isNull()).as("the first page again").isTrue();
    }

    @Test
    void wrongSortsAndCursorsAreRefusedByField() {
        String nameCursor = list("?limit=2").get("next_after").asString();
        assertThat(field(bearer(owner).get("/api/v1/people?sort=-job_title&after=" + nameCursor))).isEqualTo("after");
        assertThat(field(bearer(owner).get("/api/v1/people?before=" + nameCursor + "&after=" + nameCursor))).isEqualTo("before");
        for (String sort : List.of("salary", "--name", "name;drop", "given_name", "%27")) {
            assertThat(field(bearer(owner).get("/api/v1/people?sort=" + sort))).as(sort).isEqualTo("sort");
        }
        for (String cursor : List.of("x", "W10", "WyJuYW1lIixudWxsLCJhIiwiYiIsIm5vdC1hLXV1aWQiXQ",
                java.util.Base64.getUrlEncoder().encodeToString("[\"name\",null,\"a\",\"b\",\"00000000-0000-0000-0000-000000000000\"]".getBytes()),
                java.util.Base64.getUrlEncoder().encodeToString("[\"start_date\",\"not a date\",\"a\",\"b\",\"00000000-0000-0000-0000-000000000000\"]".getBytes()))) {
            String sort = cursor.length() > 60 && new String(java.util.Base64.getUrlDecoder().decode(cursor)).contains("start_date")
                    ? "&sort=start_date" : "";
            assertThat(field(bearer(owner).get("/api/v1/people?after=" + cursor + sort))).as(cursor).isEqualTo("after");
        }
    }

    private List<String> forwards(String sort) {
        List<String> seen = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = list("?limit=2&sort=" + sort + (after == null ? "" : "&after=" + after));
            page.get("items").valueStream().forEach(p -> seen.add(p.get("id").asString()));
            after = page.get("next_after").isNull() ? null : page.get("next_after").asString();
        } while (after != null && seen.size() <= created.size());
        return seen;
    }

    /** Walks to the last page, then back to the first with previous_before, and answers the records in list order. */
    private List<String> backwards(String sort) {
        JsonNode page = list("?limit=3&sort=" + sort);
        while (!page.get("next_after").isNull()) {
            page = list("?limit=3&sort=" + sort + "&after=" + page.get("next_after").asString());
        }
        List<List<String>> pages = new ArrayList<>();
        pages.add(0, page.get("items").valueStream().map(p -> p.get("id").asString()).toList());
        while (!page.get("previous_before").isNull() && pages.size() <= created.size()) {
            page = list("?limit=3&sort=" + sort + "&before=" + page.get("previous_before").asString());
            pages.add(0, page.get("items").valueStream().map(p -> p.get("id").asString()).toList());
        }
        return pages.stream().flatMap(List::stream).toList();
    }

    private JsonNode list(String query) {
        Response response = bearer(owner).get("/api/v1/people" + query);
        assertThat(response.status()).as(query + ": " + response).isEqualTo(200);
        return response.json();
    }

    private static String field(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        return response.json().get("errors").get(0).get("field").asString();
    }
}
