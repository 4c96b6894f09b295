package io.strongroom.timeoff.internal;

import java.net.URI;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.strongroom.platform.Versions;
import io.strongroom.timeoff.internal.TimeOffRepository.CompanyHoliday;
import io.strongroom.timeoff.internal.TimeOffRepository.LeaveType;
import io.strongroom.timeoff.internal.TimeOffRepository.Location;
import io.strongroom.timeoff.internal.TimeOffRepository.Policy;

/**
 * {@code /api/v1/time-off}: leave types, locations, policies and holidays (read by members, changed
 * by HR), a person's settings, requests and decisions, balances with their ledger, corrections, the
 * recomputation and the team calendar. Record-level rules are {@link TimeOffRules}'.
 */
@RestController
class TimeOffController {

    static final String MEMBERS = "hasAnyAuthority('timeoff:request', 'timeoff:approve', 'timeoff:manage')";

    private final TimeOffSettings settings;
    private final TimeOffRequests requests;
    private final CalendarFeeds feeds;
    private final Substitutes substitutes;

    TimeOffController(TimeOffSettings settings, TimeOffRequests requests, CalendarFeeds feeds, Substitutes substitutes) {
        this.settings = settings;
        this.requests = requests;
        this.feeds = feeds;
        this.substitutes = substitutes;
    }

    // ---- types

    @PreAuthorize(MEMBERS)
    @GetMapping("/api/v1/time-off/types")
    Map<String, Object> types() {
        return Map.of("items", settings.types().stream().map(TimeOffController::type).toList());
    }

    @PreAuthorize("hasAuthority('timeoff:manage')")
    @PostMapping("/api/v1/time-off/types")
    ResponseEntity<Map<String, Object>> createType(@RequestBody TimeOffSettings.TypeInput body) {
        LeaveType type = settings.createType(body);
        return ResponseEntity.created(URI.create("/api/v1/time-off/types/" + type.id())).eTag(Versions.etag(type.version()))
                .body(type(type));
    }

    @PreAuthorize("hasAuthority('timeoff:manage')")
    @PatchMapping(path = "/api/v1/time-off/types/{id}", consumes = {"application/json", "application/merge-patch+json"})
    ResponseEntity<Map<String, Object>> updateType(@PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody TimeOffSettings.TypeInput body) {
        LeaveType type = settings.updateType(id, ifMatch, body);
        return ResponseEntity.ok().eTag(Versions.etag(type.version())).body(type(type));
    }

    static Map<String, Object> type(LeaveType t) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", t.id());
        body.put("builtin", t.builtinKey());
        body.putAll(TimeOffSettings.typeFields(t));
        body.put("version", t.version());
        return body;
    }

    // ---- locations, countries

    @PreAuthorize(MEMBERS)
    @GetMapping("/api/v1/time-off/locations")
    Map<String, Object> locations() {
        return Map.of("items", settings.locations().stream().map(TimeOffController::location).toList());
    }

    @PreAuthorize("hasAuthority('timeoff:manage')")
    @PostMapping("/api/v1/time-off/locations")
    ResponseEntity<Map<String, Object>> createLocation(@RequestBody TimeOffSettings.LocationInput body) {
        Location location = settings.createLocation(body);
        return ResponseEntity.created(URI.create("/api/v1/time-off/locations/" + location.id()))
                .eTag(Versions.etag(location.version())).body(location(location));
    }

    @PreAuthorize("hasAuthority('timeoff:manage')")
    @PatchMapping(path = "/api/v1/time-off/locations/{id}", consumes = {"application/json", "application/merge-patch+json"})
    ResponseEntity<Map<String, Object>> updateLocation(@PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody TimeOffSettings.LocationInput body) {
        Location location = settings.updateLocation(id, ifMatch, body);
        return ResponseEntity.ok().eTag(Versions.etag(location.version())).body(location(location));
    }

    static Map<String, Object> location(Location l) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", l.id());
        body.putAll(TimeOffSettings.locationFields(l));
        body.put("version", l.version());
        return body;
    }

    /** The countries with a holiday calendar, or one country's regions. */
    @PreAuthorize(MEMBERS)
    @GetMapping("/api/v1/time-off/countries")
    Map<String, Object> countries(@RequestParam(required = false) String country) {
        return settings.countries(country);
    }

    // ---- policies

    @PreAuthorize(MEMBERS)
    @GetMapping("/api/v1/time-off/policies")
    Map<String, Object> policies() {
        return Map.of("items", settings.policies().stream().map(TimeOffController::policy).toList());
    }

    @PreAuthorize("hasAuthority('timeoff:manage')")
    @PostMapping("/api/v1/time-off/policies")
    ResponseEntity<Map<String, Object>> createPolicy(@RequestBody TimeOffSettings.PolicyInput body) {
        Policy policy = settings.createPolicy(body);
        return ResponseEntity.created(URI.create("/api/v1/time-off/policies/" + policy.id()))
                .eTag(Versions.etag(policy.version())).body(policy(policy));
    }

    @PreAuthorize("hasAuthority('timeoff:manage')")
    @PatchMapping(path = "/api/v1/time-off/policies/{id}", consumes = {"application/json", "application/merge-patch+json"})
    ResponseEntity<Map<String, Object>> updatePolicy(@PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody TimeOffSettings.PolicyInput body) {
        Policy policy = settings.updatePolicy(id, ifMatch, body);
        return ResponseEntity.ok().eTag(Versions.etag(policy.version())).body(policy(policy));
    }

    static Map<String, Object> policy(Policy p) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", p.id());
        body.putAll(TimeOffSettings.policyFields(p));
        body.put("version", p.version());
        return body;
    }

    // ---- holidays

    @PreAuthorize(MEMBERS)
    @GetMapping("/api/v1/time-off/holidays")
    Map<String, Object> holidays(@RequestParam int year, @RequestParam(name = "location_id", required = false) UUID location) {
        return settings.holidays(year, location);
    }

    @PreAuthorize("hasAuthority('timeoff:manage')")
    @PostMapping("/api/v1/time-off/holidays")
    ResponseEntity<Map<String, Object>> addHoliday(@RequestBody TimeOffSettings.HolidayInput body) {
        CompanyHoliday holiday = settings.addHoliday(body);
        return ResponseEntity.created(URI.create("/api/v1/time-off/holidays/" + holiday.id()))
                .body(TimeOffSettings.holidayFields(holiday));
    }

    @PreAuthorize("hasAuthority('timeoff:manage')")
    @DeleteMapping("/api/v1/time-off/holidays/{id}")
    ResponseEntity<Void> deleteHoliday(@PathVariable UUID id) {
        settings.deleteHoliday(id);
        return ResponseEntity.noContent().build();
    }

    // ---- a person's settings, balances, corrections

    /** One's own time-off settings; another person's with timeoff:manage (TimeOffSettings). */
    @PreAuthorize(MEMBERS)
    @GetMapping("/api/v1/time-off/people/{id}")
    Map<String, Object> member(@PathVariable UUID id) {
        return settings.member(id);
    }

    @PreAuthorize("hasAuthority('timeoff:manage')")
    @PutMapping("/api/v1/time-off/people/{id}")
    Map<String, Object> updateMember(@PathVariable UUID id, @RequestBody TimeOffSettings.MemberInput body) {
        return settings.updateMember(id, body);
    }

    @PreAuthorize(MEMBERS)
    @GetMapping("/api/v1/time-off/balances")
    Map<String, Object> balances(@RequestParam(name = "person_id", required = false) UUID person,
            @RequestParam(required = false) Integer year) {
        return requests.balances(person, year == null ? requests.currentYear() : year);
    }

    /** Everyone's balances in a year as a CSV file (each brought up to date first). */
    @PreAuthorize("hasAuthority('timeoff:manage')")
    @GetMapping(path = "/api/v1/time-off/balances.csv")
    ResponseEntity<String> exportBalances(@RequestParam(required = false) Integer year) {
        java.io.StringWriter out = new java.io.StringWriter();
        int shown = year == null ? requests.currentYear() : year;
        requests.exportBalances(shown, out);
        return ResponseEntity.ok()
                .contentType(new org.springframework.http.MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"balances-" + shown + ".csv\"")
                .body(out.toString());
    }

    @PreAuthorize("hasAuthority('timeoff:manage')")
    @PostMapping("/api/v1/time-off/balances/{id}/corrections")
    ResponseEntity<Map<String, Object>> correct(@PathVariable UUID id, @RequestBody TimeOffRequests.CorrectionInput body) {
        return ResponseEntity.status(201).body(requests.correct(id, body));
    }

    @PreAuthorize("hasAuthority('timeoff:manage')")
    @PostMapping("/api/v1/time-off/balances/recompute")
    Map<String, Object> recompute() {
        return requests.recompute();
    }

    // ---- requests

    @PreAuthorize(MEMBERS)
    @GetMapping("/api/v1/time-off/requests")
    Map<String, Object> list(@RequestParam(name = "person_id", required = false) UUID person,
            @RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to,
            @RequestParam(required = false) String status) {
        return Map.of("items", requests.list(person, from, to, status));
    }

    /** The same list as CSV (by default the caller's own requests), as the caller may see it. */
    @PreAuthorize(MEMBERS)
    @GetMapping(path = "/api/v1/time-off/requests.csv")
    ResponseEntity<String> exportRequests(@RequestParam(name = "person_id", required = false) UUID person,
            @RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to,
            @RequestParam(required = false) String status) {
        return io.strongroom.platform.CsvDownload.of("time-off-requests.csv", java.util.List.of("id", "person_id",
                "person_name", "department", "leave_type", "start_date", "start_half", "end_date", "end_half", "days",
                "status", "note", "decided_at", "decision_note", "created_at"), requests.list(person, from, to, status));
    }

    @PreAuthorize(MEMBERS) // managers, and substitutes (TimeOffRules.mayDecide)
    @GetMapping("/api/v1/time-off/requests/awaiting-me")
    Map<String, Object> awaitingMe() {
        return Map.of("items", requests.awaitingMe());
    }

    @PreAuthorize(MEMBERS)
    @PostMapping("/api/v1/time-off/requests")
    ResponseEntity<Map<String, Object>> create(@RequestBody TimeOffRequests.RequestInput body) {
        Map<String, Object> created = requests.create(body);
        return ResponseEntity.created(URI.create("/api/v1/time-off/requests/" + created.get("id"))).body(created);
    }

    @PreAuthorize(MEMBERS)
    @GetMapping("/api/v1/time-off/requests/{id}")
    Map<String, Object> get(@PathVariable UUID id) {
        return requests.get(id);
    }

    @PreAuthorize(MEMBERS) // managers, and substitutes (TimeOffRules.mayDecide)
    @PostMapping("/api/v1/time-off/requests/{id}/approve")
    Map<String, Object> approve(@PathVariable UUID id, @RequestBody(required = false) TimeOffRequests.DecisionInput body) {
        return requests.approve(id, body);
    }

    @PreAuthorize(MEMBERS) // managers, and substitutes (TimeOffRules.mayDecide)
    @PostMapping("/api/v1/time-off/requests/{id}/decline")
    Map<String, Object> decline(@PathVariable UUID id, @RequestBody(required = false) TimeOffRequests.DecisionInput body) {
        return requests.decline(id, body);
    }

    @PreAuthorize(MEMBERS)
    @PostMapping("/api/v1/time-off/requests/{id}/cancel")
    Map<String, Object> cancel(@PathVariable UUID id, @RequestBody(required = false) TimeOffRequests.DecisionInput body) {
        return requests.cancel(id, body);
    }

    // ---- calendar

    @PreAuthorize(MEMBERS)
    @GetMapping("/api/v1/time-off/calendar")
    Map<String, Object> calendar(@RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to,
            @RequestParam(required = false) String department) {
        return requests.calendar(from, to, department);
    }

    // ---- substitutes

    /** Who decides one's people's requests while one is away (a manager for themself; HR for anyone). */
    @PreAuthorize("hasAnyAuthority('timeoff:approve', 'timeoff:manage')")
    @PostMapping("/api/v1/time-off/substitutes")
    ResponseEntity<Map<String, Object>> createSubstitute(@RequestBody Substitutes.SubstituteInput body) {
        return ResponseEntity.status(201).body(substitutes.create(body));
    }

    @PreAuthorize(MEMBERS)
    @GetMapping("/api/v1/time-off/substitutes")
    Map<String, Object> substitutes() {
        return Map.of("items", substitutes.list());
    }

    @PreAuthorize("hasAnyAuthority('timeoff:approve', 'timeoff:manage')")
    @DeleteMapping("/api/v1/time-off/substitutes/{id}")
    ResponseEntity<Void> deleteSubstitute(@PathVariable UUID id) {
        substitutes.delete(id);
        return ResponseEntity.noContent().build();
    }

    // ---- calendar feeds

    /** A feed of one's own time off ({@code mine}) or one's team's ({@code team}); its URL is in this answer only. */
    @PreAuthorize(MEMBERS)
    @PostMapping("/api/v1/time-off/feeds")
    ResponseEntity<Map<String, Object>> createFeed(@RequestBody(required = false) CalendarFeeds.FeedInput body) {
        Map<String, Object> feed = feeds.create(body);
        return ResponseEntity.status(201).body(feed);
    }

    @PreAuthorize(MEMBERS)
    @GetMapping("/api/v1/time-off/feeds")
    Map<String, Object> feeds() {
        return Map.of("items", feeds.mine());
    }

    @PreAuthorize(MEMBERS)
    @DeleteMapping("/api/v1/time-off/feeds/{id}")
    ResponseEntity<Void> revokeFeed(@PathVariable UUID id) {
        feeds.revoke(id);
        return ResponseEntity.noContent().build();
    }

    /** The iCalendar feed a secret URL opens, for calendar apps (no sign-in: the URL is the credential). */
    @jakarta.annotation.security.PermitAll
    @GetMapping("/calendar/{token}.ics")
    ResponseEntity<String> feed(@PathVariable String token) {
        return feeds.render(token)
                .map(text -> ResponseEntity.ok().contentType(new org.springframework.http.MediaType("text", "calendar",
                        java.nio.charset.StandardCharsets.UTF_8)).header(HttpHeaders.CACHE_CONTROL, "private, no-store")
                        .body(text))
                .orElseThrow(() -> io.strongroom.platform.ApiProblem.notFound("The calendar"));
    }
}
