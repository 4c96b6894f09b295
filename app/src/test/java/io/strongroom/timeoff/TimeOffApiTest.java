package io.strongroom.timeoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestDatabase;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;
import tools.jackson.databind.JsonNode;

/**
 * Time off through the API: days counted against work weeks, regional public holidays, company
 * half-day holidays and half-day requests; overlaps; balances as the sum of their ledger; approval by
 * the manager chain only; cancellation returning days; two requests racing for the last day; the
 * year boundary in the workspace's time zone, carry-over and its expiry; the recomputation.
 */
class TimeOffApiTest extends ApiTest {

    static final String PASSWORD = "amber-willow-canyon-42-tide";

    Workspace ws;
    String owner;
    String vacation;
    String unpaid;
    final JdbcClient all = JdbcClient.create(TestDatabase.get().superuserDataSource());
    /** This year and the next on the application clock: the tests' dates derive from them, so they hold every year. */
    int thisYear;
    int next;

    @BeforeEach
    void workspace() {
        thisYear = LocalDate.now(clock.withZone(java.time.ZoneOffset.UTC)).getYear();
        next = thisYear + 1;
        ws = TestUsers.signUp(client(), "timeoff");
        owner = ownerToken();
        JsonNode types = bearer(owner).get("/api/v1/time-off/types").json().get("items");
        vacation = builtin(types, "vacation");
        unpaid = builtin(types, "unpaid");
    }

    String ownerToken() {
        return TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
    }

    static String builtin(JsonNode types, String key) {
        return types.valueStream().filter(t -> key.equals(t.path("builtin").asString(""))).findFirst().orElseThrow()
                .get("id").asString();
    }

    /** A person record (and, with a role, a user account linked to it); returns its id. */
    UUID person(String name, UUID manager, String role, LocalDate start, LocalDate end) {
        UUID user = role == null ? null : TestUsers.addUser(ws.tenantId(), name.toLowerCase() + "." + ws.workspace()
                + "@example.org", PASSWORD, role);
        UUID id = UUID.randomUUID();
        TestUsers.inTenant(ws.tenantId(), jdbc -> jdbc.sql("""
                insert into employee (tenant_id, id, given_name, family_name, manager_id, user_id, start_date, end_date)
                values (current_setting('app.tenant_id')::uuid, :id, :name, 'Tester', :manager, :user, :start, :end)
                """).param("id", id).param("name", name).param("manager", manager).param("user", user)
                .param("start", start).param("end", end).update());
        return id;
    }

    String token(String name) {
        return TestUsers.tokens(client(), ws.workspace(), name.toLowerCase() + "." + ws.workspace() + "@example.org",
                PASSWORD).access();
    }

    String location(String name, String region, List<String> week) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("country", "de");
        body.put("region", region);
        if (week != null) {
            body.put("work_week", week);
        }
        Response created = bearer(owner).post("/api/v1/time-off/locations", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    void placeAt(UUID person, String location) {
        Response placed = bearer(owner).method("PUT", "/api/v1/time-off/people/" + person, Map.of("location_id", location));
        assertThat(placed.status()).as(placed.toString()).isEqualTo(200);
    }

    void policy(Map<String, Object> body) {
        Map<String, Object> all = new LinkedHashMap<>(body);
        all.put("leave_type_id", vacation);
        all.putIfAbsent("first_year", thisYear);
        Response created = bearer(owner).post("/api/v1/time-off/policies", all);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    /** The first {@code weekday} on or after {@code day}. */
    static LocalDate onOrAfter(LocalDate day, java.time.DayOfWeek weekday) {
        return day.with(java.time.temporal.TemporalAdjusters.nextOrSame(weekday));
    }

    static boolean weekday(LocalDate day) {
        return day.getDayOfWeek().getValue() <= 5;
    }

    static Map<String, Object> request(String type, LocalDate start, LocalDate end) {
        return request(type, start.toString(), end.toString());
    }

    static Map<String, Object> request(String type, String start, String end) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("leave_type_id", type);
        body.put("start_date", start);
        body.put("end_date", end);
        return body;
    }

    JsonNode balance(String token, UUID person, int year) {
        Response response = bearer(token).get("/api/v1/time-off/balances?person_id=" + person + "&year=" + year);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("balances").valueStream().filter(b -> b.get("leave_type_id").asString().equals(vacation))
                .findFirst().orElseThrow();
    }

    static double sumOfEntries(JsonNode balance) {
        return balance.get("entries").valueStream().mapToDouble(e -> e.get("days").asDouble()).sum();
    }

    @Test
    void theManagerChainDecidesAndNobodyApprovesTheirOwnRequest() {
        policy(Map.of("annual_days", 30));
        UUID mia = person("Mia", null, "manager", LocalDate.of(2020, 1, 1), null);
        UUID eve = person("Eve", mia, "employee", LocalDate.of(2020, 1, 1), null);
        person("Carl", null, "manager", LocalDate.of(2020, 1, 1), null);
        placeAt(eve, location("Berlin", "be", null));
        String eveToken = token("Eve");

        // 8 March is a public holiday in Berlin (not in Bavaria): Monday to Friday of its week takes one day less
        LocalDate womensDay = LocalDate.of(next, 3, 8);
        LocalDate monday = womensDay.with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
        double days = weekday(womensDay) ? 4.0 : 5.0;
        Response asked = bearer(eveToken).post("/api/v1/time-off/requests", request(vacation, monday, monday.plusDays(4)));
        assertThat(asked.status()).as(asked.toString()).isEqualTo(201);
        assertThat(asked.json().get("status").asString()).isEqualTo("pending");
        assertThat(asked.json().get("days").asDouble()).isEqualTo(days);
        String id = asked.json().get("id").asString();
        JsonNode before = balance(eveToken, eve, next);
        assertThat(before.get("balance").asDouble()).isEqualTo(30 - days).isEqualTo(sumOfEntries(before));
        assertThat(before.get("pending").asDouble()).isEqualTo(days);

        // a manager outside the chain does not even see the request to decide it
        assertThat(bearer(token("Carl")).post("/api/v1/time-off/requests/" + id + "/approve", Map.of()).status())
                .isEqualTo(404);
        // HR is not in the chain either while a manager with an account is
        assertThat(bearer(owner).post("/api/v1/time-off/requests/" + id + "/approve", Map.of()).status()).isEqualTo(403);
        String miaToken = token("Mia");
        Response approved = bearer(miaToken).post("/api/v1/time-off/requests/" + id + "/approve", Map.of("note", "Enjoy"));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.json().get("status").asString()).isEqualTo("approved");
        assertThat(bearer(miaToken).post("/api/v1/time-off/requests/" + id + "/decline", Map.of()).status())
                .as("decided already").isEqualTo(409);

        // the manager's own request: not by herself; nobody above her has an account, so HR decides
        LocalDate may = onOrAfter(LocalDate.of(next, 5, 3), java.time.DayOfWeek.MONDAY);
        Response own = bearer(miaToken).post("/api/v1/time-off/requests", request(vacation, may, may));
        assertThat(own.status()).as(own.toString()).isEqualTo(201);
        String ownId = own.json().get("id").asString();
        Response self = bearer(miaToken).post("/api/v1/time-off/requests/" + ownId + "/approve", Map.of());
        assertThat(self.status()).as(self.toString()).isEqualTo(403);
        assertThat(bearer(owner).post("/api/v1/time-off/requests/" + ownId + "/approve", Map.of()).status()).isEqualTo(200);

        // cancelling approved leave before it begins returns its days
        Response cancelled = bearer(eveToken).post("/api/v1/time-off/requests/" + id + "/cancel", Map.of());
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        JsonNode after = balance(eveToken, eve, next);
        assertThat(after.get("balance").asDouble()).isEqualTo(30.0).isEqualTo(sumOfEntries(after));
        assertThat(after.get("entries").valueStream().map(e -> e.get("kind").asString()).toList())
                .containsExactly("entitlement", "taken", "returned");
        // an employee sees another's balance only as their manager
        assertThat(bearer(eveToken).get("/api/v1/time-off/balances?person_id=" + mia + "&year=" + next).status())
                .isEqualTo(403);
        assertThat(bearer(miaToken).get("/api/v1/time-off/balances?person_id=" + eve + "&year=" + next).status())
                .isEqualTo(200);
    }

    @Test
    @org.junit.jupiter.api.Tag("R1")
    void aSubstituteDecidesWhileTheManagerIsAwayAndNeverTheirOwnRequest() {
        policy(Map.of("annual_days", 30));
        UUID mia = person("Mia", null, "manager", LocalDate.of(2020, 1, 1), null);
        person("Eve", mia, "employee", LocalDate.of(2020, 1, 1), null);
        UUID sam = person("Sam", mia, "employee", LocalDate.of(2020, 1, 1), null);
        String miaToken = token("Mia");
        String samToken = token("Sam");
        LocalDate today = LocalDate.now(clock.withZone(java.time.ZoneOffset.UTC));
        LocalDate june = onOrAfter(LocalDate.of(next, 6, 1), java.time.DayOfWeek.MONDAY);
        String eveRequest = bearer(token("Eve")).post("/api/v1/time-off/requests", request(vacation, june, june))
                .json().get("id").asString();
        String samRequest = bearer(samToken).post("/api/v1/time-off/requests", request(vacation, june.plusDays(1),
                june.plusDays(1))).json().get("id").asString();
        // not yet a substitute: Sam is outside the chain
        assertThat(bearer(samToken).post("/api/v1/time-off/requests/" + eveRequest + "/approve", Map.of()).status())
                .isIn(403, 404);
        // an employee cannot name a substitute; Mia names Sam for the days she is away, from today
        assertThat(bearer(samToken).post("/api/v1/time-off/substitutes", Map.of("substitute_id", mia.toString(),
                "start_date", today.toString(), "end_date", today.plusDays(7).toString())).status()).isEqualTo(403);
        Response named = bearer(miaToken).post("/api/v1/time-off/substitutes", Map.of("substitute_id", sam.toString(),
                "start_date", today.toString(), "end_date", today.plusDays(7).toString()));
        assertThat(named.status()).as(named.toString()).isEqualTo(201);
        assertThat(bearer(miaToken).post("/api/v1/time-off/substitutes", Map.of("substitute_id", sam.toString(),
                "start_date", today.toString(), "end_date", today.minusDays(1).toString())).status()).isEqualTo(400);

        List<String> waiting = bearer(samToken).get("/api/v1/time-off/requests/awaiting-me").json().get("items")
                .valueStream().map(r -> r.get("id").asString()).toList();
        assertThat(waiting).as("Eve's request, not Sam's own").containsExactly(eveRequest);
        assertThat(bearer(samToken).post("/api/v1/time-off/requests/" + samRequest + "/approve", Map.of()).status())
                .as("never one's own").isEqualTo(403);
        Response approved = bearer(samToken).post("/api/v1/time-off/requests/" + eveRequest + "/approve", Map.of());
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.json().get("decided_by").asString()).isNotBlank();

        // after the days away Sam decides nothing any more
        String later = bearer(token("Eve")).post("/api/v1/time-off/requests", request(vacation, june.plusDays(7),
                june.plusDays(7))).json().get("id").asString();
        moveTo(clock.instant().plus(java.time.Duration.ofDays(9)));
        assertThat(bearer(token("Sam")).post("/api/v1/time-off/requests/" + later + "/approve", Map.of()).status())
                .isIn(403, 404);
    }

    @Test
    void daysCountAgainstTheWorkWeekRegionalHolidaysAndHalfDays() {
        policy(Map.of("annual_days", 30));
        UUID eve = person("Eve", null, "employee", LocalDate.of(2020, 1, 1), null);
        UUID pat = person("Pat", null, "employee", LocalDate.of(2020, 1, 1), null);
        String munich = location("Munich", "by", null);
        placeAt(eve, munich);
        Response partTime = bearer(owner).method("PUT", "/api/v1/time-off/people/" + pat,
                Map.of("location_id", munich, "work_week", List.of("monday", "wednesday")));
        assertThat(partTime.status()).as(partTime.toString()).isEqualTo(200);
        assertThat(bearer(owner).post("/api/v1/time-off/holidays", Map.of("day", thisYear + "-12-24", "name", "Christmas Eve",
                "half_day", true)).status()).isEqualTo(201);
        String eveToken = token("Eve");

        // 21 December to 8 January in Bavaria: weekdays count, but not 25 and 26 December, 1 January and Epiphany
        // (6 January; public holidays there), and only the morning of 24 December (the company closes at noon)
        LocalDate first = LocalDate.of(thisYear, 12, 21);
        LocalDate last = LocalDate.of(next, 1, 8);
        double before = 0;
        double after = 0;
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            String md = day.toString().substring(5);
            double counted = !weekday(day) || List.of("12-25", "12-26", "01-01", "01-06").contains(md) ? 0
                    : md.equals("12-24") ? 0.5 : 1;
            if (day.getYear() == thisYear) {
                before += counted;
            } else {
                after += counted;
            }
        }
        Response span = bearer(eveToken).post("/api/v1/time-off/requests", request(vacation, first, last));
        assertThat(span.status()).as(span.toString()).isEqualTo(201);
        assertThat(span.json().get("days").asDouble()).isEqualTo(before + after);
        assertThat(balance(eveToken, eve, thisYear).get("balance").asDouble()).as("taken from each year").isEqualTo(30 - before);
        assertThat(balance(eveToken, eve, next).get("balance").asDouble()).isEqualTo(30 - after);

        LocalDate inside = onOrAfter(LocalDate.of(next, 1, 2), java.time.DayOfWeek.MONDAY);
        Response overlap = bearer(eveToken).post("/api/v1/time-off/requests", request(vacation, inside, inside));
        assertThat(overlap.status()).as(overlap.toString()).isEqualTo(409);
        assertThat(overlap.json().get("type").asString()).endsWith("overlapping-request");

        // a morning and an afternoon of the same day are two requests that do not overlap; a whole day then does
        LocalDate monday = onOrAfter(LocalDate.of(next, 1, 9), java.time.DayOfWeek.MONDAY);
        Map<String, Object> afternoon = request(vacation, monday, monday);
        afternoon.put("start_half", true);
        Map<String, Object> morning = request(vacation, monday, monday);
        morning.put("end_half", true);
        assertThat(bearer(eveToken).post("/api/v1/time-off/requests", afternoon).json().get("days").asDouble()).isEqualTo(0.5);
        assertThat(bearer(eveToken).post("/api/v1/time-off/requests", morning).json().get("days").asDouble()).isEqualTo(0.5);
        assertThat(bearer(eveToken).post("/api/v1/time-off/requests", request(vacation, monday, monday))
                .status()).isEqualTo(409);

        // a part-timer working Mondays and Wednesdays: a whole week takes 2 days
        Response week = bearer(token("Pat")).post("/api/v1/time-off/requests", request(vacation, monday, monday.plusDays(4)));
        assertThat(week.status()).as(week.toString()).isEqualTo(201);
        assertThat(week.json().get("days").asDouble()).isEqualTo(2.0);

        // a weekend alone takes nothing and is refused
        Response weekend = bearer(eveToken).post("/api/v1/time-off/requests", request(vacation, monday.plusDays(5),
                monday.plusDays(6)));
        assertThat(weekend.status()).as(weekend.toString()).isEqualTo(400);
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        policy(Map.of("annual_days", 30));
        person("Eve", null, "employee", LocalDate.of(2020, 1, 1), null);
        String eveToken = token("Eve");
        List<Object> bodies = new ArrayList<>();
        bodies.add(request(vacation, "2027-03-10", "2027-03-08"));
        bodies.add(request(vacation, "2027-01-01", "2054-05-19"));
        bodies.add(request(UUID.randomUUID().toString(), "2027-03-08", "2027-03-08"));
        bodies.add(request(vacation, "08.03.2027", "2027-03-08"));
        bodies.add(request("not-an-id", "2027-03-08", "2027-03-08"));
        Map<String, Object> unknownField = request(vacation, "2027-03-08", "2027-03-08");
        unknownField.put("approved", true);
        bodies.add(unknownField);
        Map<String, Object> foreignPerson = request(vacation, "2027-03-08", "2027-03-08");
        foreignPerson.put("person_id", UUID.randomUUID().toString());
        bodies.add(foreignPerson);
        Map<String, Object> bothHalves = request(vacation, "2027-03-08", "2027-03-08");
        bothHalves.put("start_half", true);
        bothHalves.put("end_half", true);
        bodies.add(bothHalves);
        for (Object body : bodies) {
            Response refused = bearer(eveToken).post("/api/v1/time-off/requests", body);
            assertThat(refused.status()).as(body + " -> " + refused).isEqualTo(400);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(bearer(eveToken).postRaw("/api/v1/time-off/requests", "application/json", "{").status()).isEqualTo(400);
        assertThat(bearer(owner).post("/api/v1/time-off/locations", Map.of("name", "Nowhere", "country", "zz")).status())
                .isEqualTo(400);
        assertThat(bearer(owner).post("/api/v1/time-off/locations", Map.of("name", "Nowhere", "country", "de",
                "region", "zz")).status()).isEqualTo(400);
        assertThat(bearer(owner).post("/api/v1/time-off/policies", Map.of("leave_type_id", vacation, "annual_days", 30.3))
                .status()).isEqualTo(400);
        assertThat(bearer(eveToken).post("/api/v1/time-off/types", Map.of("name", "Mine")).status()).isEqualTo(403);
        // changes need the version read (If-Match): none 428, an old one 412, and nothing changes
        String typeId = bearer(owner).post("/api/v1/time-off/types", Map.of("name", "Training")).json().get("id").asString();
        String path = "/api/v1/time-off/types/" + typeId;
        assertThat(bearer(owner).method("PATCH", path, Map.of("name", "Courses")).status()).isEqualTo(428);
        assertThat(bearer(owner).header("If-Match", "\"1\"").method("PATCH", path, Map.of("name", "Courses")).status())
                .isEqualTo(200);
        assertThat(bearer(owner).header("If-Match", "\"1\"").method("PATCH", path, Map.of("name", "Seminars")).status())
                .isEqualTo(412);
        assertThat(all.sql("select name from leave_type where tenant_id = :t and id = cast(:id as uuid)")
                .param("t", ws.tenantId()).param("id", typeId).query(String.class).single()).isEqualTo("Courses");
        assertThat(bearer(eveToken).get("/api/v1/time-off/calendar?from=2027-01-01&to=2028-01-01").status()).isEqualTo(400);
        for (String query : List.of("/api/v1/time-off/calendar?from=+999999999-01-01&to=+999999999-01-31",
                "/api/v1/time-off/calendar?from=1000-01-01&to=1000-01-31", "/api/v1/time-off/requests?from=+999999999-01-01",
                "/api/v1/time-off/requests?to=0001-01-01", "/api/v1/time-off/calendar?from=2027-01-01&to=2027-13-01",
                "/api/v1/time-off/balances?year=99999999999", "/api/v1/time-off/holidays?year=-5")) {
            Response refused = bearer(eveToken).get(query);
            assertThat(refused.status()).as(query + " -> " + refused).isEqualTo(400);
        }
        long rows = TestUsers.inTenant(ws.tenantId(), jdbc -> jdbc.sql(
                "select (select count(*) from leave_request) + (select count(*) from leave_ledger) + (select count(*)"
                        + " from work_location)").query(Long.class).single());
        assertThat(rows).as("nothing written").isZero();
    }

    @Test
    void twoAdministratorsMakingTheSameLocationAtOnceGetOneLocationAndNoServerError() throws Exception {
        CyclicBarrier start = new CyclicBarrier(4);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String token = ownerToken();
                results.add(pool.submit(() -> {
                    start.await();
                    return bearer(token).post("/api/v1/time-off/locations", Map.of("name", "Hamburg", "country", "de",
                            "region", "hh")).status();
                }));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get());
            }
            assertThat(statuses).as("one made it, the others were told the name is taken").containsOnly(201, 400)
                    .containsOnlyOnce(201);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoRequestsRacingForTheLastDayOneWins() throws Exception {
        policy(Map.of("annual_days", 1));
        person("Eve", null, "employee", LocalDate.of(2020, 1, 1), null);
        String eveToken = token("Eve");
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            LocalDate monday = onOrAfter(LocalDate.of(next, 2, 1), java.time.DayOfWeek.MONDAY);
            for (String day : List.of(monday.toString(), monday.plusDays(1).toString())) {
                Callable<Integer> call = () -> {
                    start.await();
                    return bearer(eveToken).post("/api/v1/time-off/requests", request(vacation, day, day)).status();
                };
                results.add(pool.submit(call));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get());
            }
            assertThat(statuses).containsExactlyInAnyOrder(201, 409);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theYearTurnsInTheWorkspacesTimeZoneAndCarriedOverDaysExpire() {
        assertThat(bearer(owner).method("PUT", "/api/v1/settings/regional", Map.of("language", "en",
                "time_zone", "Europe/Berlin")).status()).isEqualTo(200);
        int year = LocalDate.now(clock.withZone(java.time.ZoneOffset.UTC)).getYear();
        int next = year + 1;
        policy(Map.of("annual_days", 30, "carry_over_max", 5, "carry_over_expires", "03-31", "first_year", year));
        UUID eve = person("Eve", null, "employee", LocalDate.of(year, 7, 1), null);
        // a joiner on 1 July: 30 days x 184 employed days of the year (365 or 366), rounded up to a half day
        assertThat(balance(owner, eve, year).get("balance").asDouble()).isEqualTo(15.5);
        LocalDate february = LocalDate.of(next, 2, 8).with(java.time.temporal.TemporalAdjusters.nextOrSame(
                java.time.DayOfWeek.MONDAY));
        assertThat(bearer(token("Eve")).post("/api/v1/time-off/requests", request(vacation, february.toString(),
                february.plusDays(1).toString())).status()).isEqualTo(201);

        // 23:30 UTC on 31 December is already the next year in Berlin: the rest carries over (at most 5 days)
        moveTo(Instant.parse(year + "-12-31T23:30:00Z"));
        owner = ownerToken();
        JsonNode nextYear = balance(owner, eve, next);
        assertThat(nextYear.get("entries").valueStream().map(e -> e.get("kind").asString()).toList())
                .contains("carry_over");
        assertThat(nextYear.get("balance").asDouble()).isEqualTo(30 + 5 - 2);
        JsonNode thisYear = balance(owner, eve, year);
        assertThat(thisYear.get("balance").asDouble()).isZero();
        assertThat(thisYear.get("closed").asBoolean()).isTrue();
        Response intoClosedYear = bearer(owner).post("/api/v1/time-off/balances/" + eve + "/corrections",
                Map.of("leave_type_id", vacation, "year", year, "days", 1, "reason", "Late bonus day"));
        assertThat(intoClosedYear.status()).as(intoClosedYear.toString()).isEqualTo(409);

        // after 31 March the 3 carried-over days not taken by then (5 carried, 2 taken in February) expire
        moveTo(Instant.parse(next + "-04-01T08:00:00Z"));
        owner = ownerToken();
        JsonNode expired = balance(owner, eve, next);
        assertThat(expired.get("entries").valueStream().filter(e -> e.get("kind").asString().equals("expiry"))
                .map(e -> e.get("days").asDouble()).toList()).containsExactly(-3.0);
        assertThat(expired.get("balance").asDouble()).isEqualTo(30.0).isEqualTo(sumOfEntries(expired));

        // every balance recomputed from scratch equals the ledger; an altered entry is found
        Response recomputed = bearer(owner).post("/api/v1/time-off/balances/recompute", Map.of());
        assertThat(recomputed.status()).as(recomputed.toString()).isEqualTo(200);
        assertThat(recomputed.json().get("differences").size()).as(recomputed.toString()).isZero();
        all.sql("update leave_ledger set days = days + 1 where tenant_id = :t and kind = 'taken'")
                .param("t", ws.tenantId()).update();
        JsonNode differences = bearer(owner).post("/api/v1/time-off/balances/recompute", Map.of()).json().get("differences");
        assertThat(differences.size()).isEqualTo(1);
        assertThat(differences.get(0).get("year").asInt()).isEqualTo(next);
    }

    @Test
    @org.junit.jupiter.api.Tag("D1")
    void sickLeaveIsHealthDataColleaguesAndManagersSeeAnAbsence() {
        String sick = builtin(bearer(owner).get("/api/v1/time-off/types").json().get("items"), "sick");
        UUID mia = person("Mia", null, "manager", LocalDate.of(2020, 1, 1), null);
        UUID eve = person("Eve", mia, "employee", LocalDate.of(2020, 1, 1), null);
        person("Carl", null, "employee", LocalDate.of(2020, 1, 1), null);
        person("Hanna", null, "hr_manager", LocalDate.of(2020, 1, 1), null);
        person("Adam", null, "administrator", LocalDate.of(2020, 1, 1), null);
        Map<String, Object> body = request(sick, "2027-02-01", "2027-02-03");
        body.put("note", "Flu");
        Response reported = bearer(token("Eve")).post("/api/v1/time-off/requests", body);
        assertThat(reported.status()).as(reported.toString()).isEqualTo(201);
        assertThat(reported.json().get("status").asString()).as("sick leave needs no approval").isEqualTo("approved");
        assertThat(reported.json().get("leave_type_id").asString()).isEqualTo(sick);
        String id = reported.json().get("id").asString();

        for (String name : List.of("Mia", "Carl", "Adam")) {
            JsonNode seen = bearer(token(name)).get("/api/v1/time-off/requests/" + id).json();
            assertThat(seen.get("absent").asBoolean()).as(name).isTrue();
            assertThat(seen.has("leave_type_id")).as(name + " sees no type").isFalse();
            assertThat(seen.has("note")).as(name + " sees no note").isFalse();
            JsonNode calendar = bearer(token(name)).get("/api/v1/time-off/calendar?from=2027-02-01&to=2027-02-28").json();
            assertThat(calendar.get("absences").size()).as(name).isEqualTo(1);
            assertThat(calendar.get("absences").get(0).has("leave_type_id")).as(name).isFalse();
            assertThat(calendar.toString()).as(name).doesNotContain("Flu").doesNotContain("Sick");
        }
        // the list as CSV (D1) shows what the list shows: the manager an absence, Eve her own note
        Response managersCsv = bearer(token("Mia")).get("/api/v1/time-off/requests.csv?person_id=" + eve);
        assertThat(managersCsv.status()).as(managersCsv.toString()).isEqualTo(200);
        assertThat(managersCsv.header("Content-Type")).startsWith("text/csv");
        assertThat(managersCsv.body()).contains("2027-02-01").contains("Eve").doesNotContain("Flu").doesNotContain("Sick");
        assertThat(bearer(token("Eve")).get("/api/v1/time-off/requests.csv").body()).contains("Flu");
        assertThat(bearer(token("Carl")).get("/api/v1/time-off/requests.csv?from=2027-13-01").status()).isEqualTo(400);
        JsonNode hr = bearer(token("Hanna")).get("/api/v1/time-off/requests/" + id).json();
        assertThat(hr.get("leave_type_id").asString()).isEqualTo(sick);
        assertThat(hr.get("note").asString()).isEqualTo("Flu");
        // the note is stored encrypted under the workspace's key
        byte[] stored = all.sql("select note from leave_request where tenant_id = :t and id = :id")
                .param("t", ws.tenantId()).param("id", UUID.fromString(id)).query(byte[].class).single();
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("Flu");
        // recording sick leave for someone else needs the health permission too: the administrator may not
        Map<String, Object> forEve = request(sick, "2027-03-01", "2027-03-01");
        forEve.put("person_id", eve.toString());
        assertThat(bearer(token("Adam")).post("/api/v1/time-off/requests", forEve).status()).isEqualTo(403);
        assertThat(bearer(token("Hanna")).post("/api/v1/time-off/requests", forEve).status()).isEqualTo(201);
    }

    @Test
    void approversAndRequestersAreToldInTheirLanguage() throws Exception {
        UUID mia = person("Mia", null, "manager", LocalDate.of(2020, 1, 1), null);
        person("Eve", mia, "employee", LocalDate.of(2020, 1, 1), null);
        String miaEmail = "mia." + ws.workspace() + "@example.org";
        String eveEmail = "eve." + ws.workspace() + "@example.org";
        all.sql("update app_user set locale = 'de' where tenant_id = :t and email = :e").param("t", ws.tenantId())
                .param("e", miaEmail).update();
        LocalDate june = onOrAfter(LocalDate.of(next, 6, 7), java.time.DayOfWeek.MONDAY);
        Response asked = bearer(token("Eve")).post("/api/v1/time-off/requests", request(unpaid, june, june.plusDays(1)));
        assertThat(asked.status()).as(asked.toString()).isEqualTo(201);
        String pending = io.strongroom.testsupport.TestMail.body(io.strongroom.testsupport.TestMail.get()
                .await(miaEmail, "Eve Tester beantragt Abwesenheit"));
        assertThat(pending).contains("Unpaid leave").contains("2 Arbeitstage").contains("/app/time-off");
        assertThat(bearer(token("Mia")).post("/api/v1/time-off/requests/" + asked.json().get("id").asString()
                + "/decline", Map.of("note", "Team offsite that week")).status()).isEqualTo(200);
        String declined = io.strongroom.testsupport.TestMail.body(io.strongroom.testsupport.TestMail.get()
                .await(eveEmail, "was declined"));
        assertThat(declined).contains("Team offsite that week");
    }

    @Test
    void aLeaverKeepsTheirHistoryAndCannotTakeDaysAfterLeaving() {
        policy(Map.of("annual_days", 24));
        UUID lea = person("Lea", null, "employee", LocalDate.of(2020, 1, 1), LocalDate.of(next, 3, 31));
        String leaToken = token("Lea");
        LocalDate february = onOrAfter(LocalDate.of(next, 2, 1), java.time.DayOfWeek.MONDAY);
        assertThat(bearer(leaToken).post("/api/v1/time-off/requests", request(vacation, february, february.plusDays(1)))
                .status()).isEqualTo(201);
        LocalDate april = onOrAfter(LocalDate.of(next, 4, 5), java.time.DayOfWeek.MONDAY);
        Response after = bearer(leaToken).post("/api/v1/time-off/requests", request(vacation, april, april.plusDays(1)));
        assertThat(after.status()).as(after.toString()).isEqualTo(400);
        // a leaver at the end of March: 24 days x 90 (91 in a leap year) days of the year = 5.9, rounded up to 6
        JsonNode balance = balance(owner, lea, next);
        assertThat(balance.get("balance").asDouble()).isEqualTo(6.0 - 2.0);
        all.sql("update employee set status = 'terminated' where tenant_id = :t and id = :id").param("t", ws.tenantId())
                .param("id", lea).update();
        assertThat(bearer(owner).get("/api/v1/time-off/requests?person_id=" + lea).json().get("items").size()).isEqualTo(1);
    }

    @Test
    @org.junit.jupiter.api.Tag("R2")
    void calendarFeedsShowTheirOwnerInFullAndOthersAsAbsentUntilRevoked() {
        policy(Map.of("annual_days", 30));
        String sick = builtin(bearer(owner).get("/api/v1/time-off/types").json().get("items"), "sick");
        UUID eve = person("Eve", null, "employee", LocalDate.of(2020, 1, 1), null);
        person("Carl", null, "employee", LocalDate.of(2020, 1, 1), null);
        String eveToken = token("Eve");
        String carlToken = token("Carl");
        LocalDate monday = LocalDate.now(clock).plusWeeks(2).with(java.time.DayOfWeek.MONDAY);
        Map<String, Object> trip = request(vacation, monday.toString(), monday.plusDays(1).toString());
        trip.put("note", "Lisbon");
        assertThat(bearer(eveToken).post("/api/v1/time-off/requests", trip).status()).isEqualTo(201);
        assertThat(bearer(eveToken).post("/api/v1/time-off/requests",
                request(sick, monday.plusDays(3).toString(), monday.plusDays(3).toString())).status()).isEqualTo(201);
        assertThat(bearer(carlToken).post("/api/v1/time-off/requests",
                request(vacation, monday.toString(), monday.toString())).status()).isEqualTo(201);

        Response mine = bearer(eveToken).post("/api/v1/time-off/feeds", Map.of("scope", "mine"));
        assertThat(mine.status()).as(mine.toString()).isEqualTo(201);
        String eveFeed = path(mine.json().get("url").asString());
        Response own = client().get(eveFeed);
        assertThat(own.status()).as(own.toString()).isEqualTo(200);
        assertThat(own.header("Content-Type")).startsWith("text/calendar");
        assertThat(own.body()).contains("BEGIN:VCALENDAR").contains("SUMMARY:Vacation (pending)").contains("SUMMARY:Sick leave")
                .doesNotContain("Lisbon").contains("DTSTART;VALUE=DATE:" + monday.toString().replace("-", ""));

        Response team = bearer(carlToken).post("/api/v1/time-off/feeds", Map.of("scope", "team"));
        String carlFeed = path(team.json().get("url").asString());
        String teamCalendar = client().get(carlFeed).body();
        assertThat(teamCalendar).contains("SUMMARY:Carl Tester: Vacation (pending)").contains("SUMMARY:Eve Tester: Absent")
                .doesNotContain("Eve Tester: Vacation").doesNotContain("Sick").doesNotContain("Lisbon");
        assertThat(bearer(carlToken).get("/api/v1/time-off/feeds").json().toString()).doesNotContain("calendar/");
        // the secret is stored only as a hash
        assertThat(all.sql("select count(*) from calendar_feed where tenant_id = :t and position(convert_to(:s, 'UTF8')"
                + " in token_hash) > 0").param("t", ws.tenantId()).param("s", carlFeed.substring(carlFeed.lastIndexOf('.') - 43,
                carlFeed.lastIndexOf('.'))).query(Long.class).single()).isZero();

        // a changed secret, another workspace's id, a revoked feed and a disabled owner open nothing
        String tampered = carlFeed.substring(0, carlFeed.length() - 6) + (carlFeed.charAt(carlFeed.length() - 5) == 'A' ? "B" : "A")
                + ".ics";
        assertThat(client().get(tampered).status()).isEqualTo(404);
        Workspace other = TestUsers.signUp(client(), "timeoff-other");
        String foreign = "/calendar/" + other.tenantId().toString().replace("-", "") + carlFeed.substring(carlFeed.indexOf('.'));
        assertThat(client().get(foreign).status()).isEqualTo(404);
        assertThat(client().get("/calendar/not-a-token.ics").status()).isEqualTo(404);
        String eveFeedId = bearer(eveToken).get("/api/v1/time-off/feeds").json().get("items").get(0).get("id").asString();
        assertThat(bearer(carlToken).delete("/api/v1/time-off/feeds/" + eveFeedId).status()).as("not his").isEqualTo(404);
        assertThat(bearer(eveToken).delete("/api/v1/time-off/feeds/" + eveFeedId).status()).isEqualTo(204);
        assertThat(client().get(eveFeed).status()).isEqualTo(404);
        all.sql("update app_user set status = 'disabled' where tenant_id = :t and email like 'carl.%'")
                .param("t", ws.tenantId()).update();
        assertThat(client().get(carlFeed).status()).isEqualTo(404);
        assertThat(eve).isNotNull();
    }

    @Test
    void hrExportsEveryonesBalancesAsCsvWithFormulasNeutralised() {
        policy(Map.of("annual_days", 30));
        person("=HYPERLINK", null, "employee", LocalDate.of(2020, 1, 1), null);
        person("Carl", null, "employee", LocalDate.of(2020, 1, 1), null);
        assertThat(bearer(token("Carl")).get("/api/v1/time-off/balances.csv?year=" + next).status()).isEqualTo(403);
        Response csv = bearer(owner).get("/api/v1/time-off/balances.csv?year=" + next);
        assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("person_id,name,department,leave_type,year,balance,pending,available");
        assertThat(lines).hasSize(3).anyMatch(l -> l.contains(",'=HYPERLINK Tester,") && l.endsWith(",Vacation," + next
                + ",30.0,0.0,30.0")).noneMatch(l -> l.contains(",=HYPERLINK"));
        assertThat(all.sql("select count(*) from audit_event where tenant_id = :t and action = 'timeoff.balances.exported'")
                .param("t", ws.tenantId()).query(Long.class).single()).isEqualTo(1);
    }

    static String path(String url) {
        return url.substring(url.indexOf("/calendar/"));
    }

    void moveTo(Instant target) {
        clock.advance(Duration.between(clock.instant(), target));
    }
}
