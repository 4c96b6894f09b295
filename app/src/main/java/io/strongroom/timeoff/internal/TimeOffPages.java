package io.strongroom.timeoff.internal;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.strongroom.identity.Caller;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ApiProblem.FieldProblem;
import io.strongroom.platform.ProblemType;
import io.strongroom.timeoff.TimeOffPermission;
import io.strongroom.web.Forms;
import io.strongroom.web.PageController;

/**
 * The time-off pages: "My time off" (balances with their explanation, the request form, one's
 * requests), approvals (pending requests the caller decides, with who else is absent then), the team
 * calendar (a month, by department) and HR's settings (types, locations, policies, holidays, where
 * people work). Everything goes through the same services as the API, so the rules are the same.
 * Form fields are named for the page (the API's {@code start_date} is {@code first_day} here) and
 * the services' field problems are renamed to match.
 */
@PageController
class TimeOffPages {

    static final String MEMBERS = "hasAnyAuthority('timeoff:request', 'timeoff:approve', 'timeoff:manage')";
    private static final Map<String, String> FORM_NAMES = Map.of("start_date", "first_day", "end_date", "last_day",
            "start_half", "first_half", "end_half", "last_half", "leave_type_id", "leave_type", "location_id", "location",
            "person_id", "person");

    private final TimeOffRequests requests;
    private final TimeOffSettings settings;

    TimeOffPages(TimeOffRequests requests, TimeOffSettings settings) {
        this.requests = requests;
        this.settings = settings;
    }

    // ---- my time off

    @PreAuthorize(MEMBERS)
    @GetMapping("/app/time-off")
    String mine(@RequestParam(required = false) Integer year, Model model) {
        Caller me = Caller.require();
        int shown = year == null || year < 2000 || year > 2100 ? requests.currentYear() : year;
        model.addAttribute("year", shown);
        model.addAttribute("types", settings.types().stream().filter(TimeOffRepository.LeaveType::active)
                .map(TimeOffController::type).toList());
        model.addAttribute("canApprove", me.has(TimeOffPermission.APPROVE) || me.has(TimeOffPermission.MANAGE)
                || requests.standsInToday());
        model.addAttribute("canManage", me.has(TimeOffPermission.MANAGE));
        try {
            model.addAttribute("balances", requests.balances(null, shown).get("balances"));
            model.addAttribute("requests", requests.list(null, LocalDate.of(shown, 1, 1), null, null));
            model.addAttribute("linked", true);
        } catch (ApiProblem problem) {
            if (!problem.type().toString().endsWith("no-person-record")) {
                throw problem;
            }
            model.addAttribute("linked", false);
        }
        model.addAttribute("today", requests.today());
        return "timeoff/mine";
    }

    @PreAuthorize(MEMBERS)
    @PostMapping("/app/time-off/requests")
    String request(@RequestParam(name = "leave_type", required = false) String type,
            @RequestParam(name = "first_day", required = false) String firstDay,
            @RequestParam(name = "last_day", required = false) String lastDay,
            @RequestParam(name = "first_half", required = false) String firstHalf,
            @RequestParam(name = "last_half", required = false) String lastHalf,
            @RequestParam(required = false) String note, Model model, RedirectAttributes redirect) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("leave_type", type);
        form.put("first_day", firstDay);
        form.put("last_day", lastDay);
        form.put("first_half", firstHalf != null);
        form.put("last_half", lastHalf != null);
        form.put("note", note);
        Object created = Forms.attempt(model, () -> renamed(() -> {
            List<FieldProblem> problems = new ArrayList<>();
            UUID typeId = id(problems, "leave_type_id", type);
            LocalDate first = date(problems, "start_date", firstDay);
            LocalDate last = lastDay == null || lastDay.isBlank() ? first : date(problems, "end_date", lastDay);
            TimeOffSettings.refuse(problems);
            return requests.create(new TimeOffRequests.RequestInput(null, typeId, first, last, firstHalf != null,
                    lastHalf != null, note));
        }));
        if (created == null) {
            model.addAttribute("form", form);
            return mine(null, model);
        }
        redirect.addFlashAttribute("notice", "timeoff.requested");
        return "redirect:/app/time-off";
    }

    @PreAuthorize(MEMBERS)
    @PostMapping("/app/time-off/requests/{id}/cancel")
    String cancel(@PathVariable UUID id, @RequestParam(required = false) String back, RedirectAttributes redirect) {
        requests.cancel(id, null);
        redirect.addFlashAttribute("notice", "timeoff.cancelled");
        return "approvals".equals(back) ? "redirect:/app/time-off/approvals" : "redirect:/app/time-off";
    }

    // ---- approvals

    @PreAuthorize(MEMBERS)
    @GetMapping("/app/time-off/approvals")
    String approvals(Model model) {
        List<Map<String, Object>> pending = requests.awaitingMe();
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map<String, Object> request : pending) {
            LocalDate start = (LocalDate) request.get("start_date");
            LocalDate end = (LocalDate) request.get("end_date");
            LocalDate until = end.isAfter(start.plusDays(TimeOffRequests.LONGEST_CALENDAR_DAYS))
                    ? start.plusDays(TimeOffRequests.LONGEST_CALENDAR_DAYS) : end;
            Object department = request.get("department");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> absences = (List<Map<String, Object>>) requests.calendar(start, until,
                    department == null ? null : department.toString()).get("absences");
            Map<String, Object> item = new LinkedHashMap<>(request);
            item.put("overlaps", absences.stream().filter(a -> !a.get("person_id").equals(request.get("person_id"))).toList());
            items.add(item);
        }
        model.addAttribute("pending", items);
        return "timeoff/approvals";
    }

    @PreAuthorize(MEMBERS)
    @PostMapping("/app/time-off/requests/{id}/approve")
    String approve(@PathVariable UUID id, @RequestParam(required = false) String note, Model model,
            RedirectAttributes redirect) {
        if (Forms.attempt(model, () -> requests.approve(id, new TimeOffRequests.DecisionInput(note))) == null) {
            return approvals(model);
        }
        redirect.addFlashAttribute("notice", "timeoff.approved");
        return "redirect:/app/time-off/approvals";
    }

    @PreAuthorize(MEMBERS)
    @PostMapping("/app/time-off/requests/{id}/decline")
    String decline(@PathVariable UUID id, @RequestParam(required = false) String note, Model model,
            RedirectAttributes redirect) {
        if (Forms.attempt(model, () -> requests.decline(id, new TimeOffRequests.DecisionInput(note))) == null) {
            return approvals(model);
        }
        redirect.addFlashAttribute("notice", "timeoff.declined");
        return "redirect:/app/time-off/approvals";
    }

    // ---- team calendar

    @PreAuthorize(MEMBERS)
    @GetMapping("/app/time-off/calendar")
    String calendar(@RequestParam(required = false) String month, @RequestParam(required = false) String department,
            Model model) {
        YearMonth shown;
        try {
            shown = month == null || month.isBlank() ? YearMonth.from(requests.today()) : YearMonth.parse(month.strip());
        } catch (DateTimeParseException e) {
            throw new ApiProblem(ProblemType.NOT_FOUND, "This page does not exist.");
        }
        if (shown.getYear() < 2000 || shown.getYear() > 2100) {
            throw new ApiProblem(ProblemType.NOT_FOUND, "This page does not exist.");
        }
        String filter = department == null || department.isBlank() ? null : department.strip();
        Map<String, Object> calendar = requests.calendar(shown.atDay(1), shown.atEndOfMonth(), filter);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> people = (List<Map<String, Object>>) calendar.get("people");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> absences = (List<Map<String, Object>>) calendar.get("absences");
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate day = shown.atDay(1); !day.isAfter(shown.atEndOfMonth()); day = day.plusDays(1)) {
            days.add(day);
        }
        // a row per person, a cell per day: absent (all day, "morning" or "afternoon"), with the type where it may be seen
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> person : people) {
            List<Map<String, Object>> cells = new ArrayList<>();
            for (LocalDate day : days) {
                String part = null;
                String type = null;
                for (Map<String, Object> a : absences) {
                    LocalDate start = (LocalDate) a.get("start_date");
                    LocalDate end = (LocalDate) a.get("end_date");
                    if (!a.get("person_id").equals(person.get("id")) || day.isBefore(start) || day.isAfter(end)) {
                        continue;
                    }
                    boolean afternoonOnly = day.equals(start) && Boolean.TRUE.equals(a.get("start_half"));
                    boolean morningOnly = day.equals(end) && Boolean.TRUE.equals(a.get("end_half"));
                    String covers = afternoonOnly && !morningOnly ? "afternoon" : morningOnly && !afternoonOnly ? "morning" : "day";
                    part = part == null || part.equals(covers) ? covers : "day";
                    type = a.get("leave_type") == null ? null : a.get("leave_type").toString();
                }
                Map<String, Object> cell = new LinkedHashMap<>();
                cell.put("weekend", day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY);
                cell.put("part", part);
                cell.put("type", type);
                cells.add(cell);
            }
            rows.add(Map.of("name", person.get("name"), "cells", cells));
        }
        model.addAttribute("month", shown);
        model.addAttribute("previous", shown.minusMonths(1));
        model.addAttribute("next", shown.plusMonths(1));
        model.addAttribute("days", days);
        model.addAttribute("rows", rows);
        model.addAttribute("department", filter);
        model.addAttribute("departments", calendar.get("departments"));
        return "timeoff/calendar";
    }

    // ---- HR's settings

    @PreAuthorize("hasAuthority('timeoff:manage')")
    @GetMapping("/app/time-off/settings")
    String settings(@RequestParam(required = false) Integer year, Model model) {
        int shown = year == null || year < 2000 || year > 2100 ? requests.currentYear() : year;
        model.addAttribute("year", shown);
        List<TimeOffRepository.LeaveType> types = settings.types();
        List<TimeOffRepository.Location> locations = settings.locations();
        Map<UUID, String> typeNames = new LinkedHashMap<>();
        Map<UUID, List<String>> typeRules = new LinkedHashMap<>();
        for (TimeOffRepository.LeaveType t : types) {
            typeNames.put(t.id(), t.name());
            List<String> rules = new ArrayList<>();
            rules.add(t.paid() ? "timeoff.paid" : "timeoff.unpaid");
            if (t.needsApproval()) {
                rules.add("timeoff.needs-approval");
            }
            if (t.halfDays()) {
                rules.add("timeoff.half-days");
            }
            if (t.usesBalance()) {
                rules.add("timeoff.uses-balance");
            }
            if (t.sensitive()) {
                rules.add("timeoff.sensitive");
            }
            if (!t.active()) {
                rules.add("timeoff.inactive");
            }
            typeRules.put(t.id(), rules);
        }
        Map<UUID, String> locationNames = new LinkedHashMap<>();
        locations.forEach(l -> locationNames.put(l.id(), l.name()));
        List<Map<String, Object>> policies = new ArrayList<>();
        for (TimeOffRepository.Policy p : settings.policies()) {
            Map<String, Object> row = new LinkedHashMap<>(TimeOffSettings.policyFields(p));
            row.put("type_name", typeNames.get(p.leaveTypeId()));
            row.put("location_name", p.locationId() == null ? null : locationNames.get(p.locationId()));
            policies.add(row);
        }
        List<Map<String, Object>> people = settings.placements();
        people.forEach(row -> row.put("location_name", row.get("location_id") == null ? null
                : locationNames.get((UUID) row.get("location_id"))));
        model.addAttribute("types", types.stream().map(TimeOffController::type).toList());
        model.addAttribute("typeRules", typeRules);
        model.addAttribute("locations", locations.stream().map(TimeOffController::location).toList());
        model.addAttribute("policies", policies);
        model.addAttribute("holidays", settings.holidays(shown, null).get("company_holidays"));
        model.addAttribute("people", people);
        model.addAttribute("countries", WorkCalendar.countries());
        model.addAttribute("weekdays", List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"));
        return "timeoff/settings";
    }

    @PreAuthorize("hasAuthority('timeoff:manage')")
    @PostMapping("/app/time-off/settings/types")
    String addType(@RequestParam(name = "type_name", required = false) String name,
            @RequestParam(required = false) String colour,
            @RequestParam(required = false) String paid, @RequestParam(name = "needs_approval", required = false) String approval,
            @RequestParam(name = "half_days", required = false) String halfDays,
            @RequestParam(name = "uses_balance", required = false) String balance,
            @RequestParam(required = false) String sensitive, Model model, RedirectAttributes redirect) {
        return saved(model, redirect, () -> {
            try {
                return settings.createType(new TimeOffSettings.TypeInput(name, paid != null, approval != null,
                        halfDays != null, balance != null, sensitive != null,
                        colour == null || colour.isBlank() ? null : colour, true));
            } catch (ApiProblem problem) {
                throw rename(problem, Map.of("name", "type_name"));
            }
        });
    }

    @PreAuthorize("hasAuthority('timeoff:manage')")
    @PostMapping("/app/time-off/settings/locations")
    String addLocation(@RequestParam(name = "location_name", required = false) String name,
            @RequestParam(required = false) String country,
            @RequestParam(name = "holiday_region", required = false) String region,
            @RequestParam(name = "work_week", required = false) List<String> workWeek, Model model,
            RedirectAttributes redirect) {
        return saved(model, redirect, () -> {
            try {
                return settings.createLocation(new TimeOffSettings.LocationInput(name, country,
                        region == null || region.isBlank() ? null : region, workWeek == null ? List.of() : workWeek));
            } catch (ApiProblem problem) {
                throw rename(problem, Map.of("name", "location_name", "region", "holiday_region"));
            }
        });
    }

    @PreAuthorize("hasAuthority('timeoff:manage')")
    @PostMapping("/app/time-off/settings/policies")
    String addPolicy(@RequestParam(name = "leave_type", required = false) String type,
            @RequestParam(required = false) String location,
            @RequestParam(name = "annual_days", required = false) String annual,
            @RequestParam(required = false) String accrual,
            @RequestParam(name = "carry_over_max", required = false) String carry,
            @RequestParam(name = "carry_over_expires", required = false) String expires,
            @RequestParam(name = "negative_allowed", required = false) String negative, Model model,
            RedirectAttributes redirect) {
        return saved(model, redirect, () -> renamed(() -> {
            List<FieldProblem> problems = new ArrayList<>();
            TimeOffSettings.PolicyInput input = new TimeOffSettings.PolicyInput(id(problems, "leave_type_id", type),
                    location == null || location.isBlank() ? null : id(problems, "location_id", location),
                    number(problems, "annual_days", annual), accrual, number(problems, "carry_over_max", carry),
                    expires, number(problems, "negative_allowed", negative), null);
            TimeOffSettings.refuse(problems);
            return settings.createPolicy(input);
        }));
    }

    @PreAuthorize("hasAuthority('timeoff:manage')")
    @PostMapping("/app/time-off/settings/holidays")
    String addHoliday(@RequestParam(required = false) String day, @RequestParam(name = "holiday_name", required = false) String name,
            @RequestParam(required = false) String location, @RequestParam(name = "half_day", required = false) String halfDay,
            Model model, RedirectAttributes redirect) {
        return saved(model, redirect, () -> {
            try {
                List<FieldProblem> problems = new ArrayList<>();
                LocalDate date = date(problems, "day", day);
                UUID where = location == null || location.isBlank() ? null : id(problems, "location_id", location);
                TimeOffSettings.refuse(problems);
                return settings.addHoliday(new TimeOffSettings.HolidayInput(date, name, where, halfDay != null));
            } catch (ApiProblem problem) {
                throw rename(problem, Map.of("name", "holiday_name", "location_id", "location"));
            }
        });
    }

    @PreAuthorize("hasAuthority('timeoff:manage')")
    @PostMapping("/app/time-off/settings/holidays/{id}/delete")
    String deleteHoliday(@PathVariable UUID id, RedirectAttributes redirect) {
        settings.deleteHoliday(id);
        redirect.addFlashAttribute("notice", "timeoff.saved");
        return "redirect:/app/time-off/settings";
    }

    @PreAuthorize("hasAuthority('timeoff:manage')")
    @PostMapping("/app/time-off/settings/people")
    String place(@RequestParam(required = false) String person, @RequestParam(required = false) String location,
            @RequestParam(name = "own_week", required = false) String ownWeek,
            @RequestParam(name = "person_week", required = false) List<String> week, Model model,
            RedirectAttributes redirect) {
        return saved(model, redirect, () -> renamed(() -> {
            List<FieldProblem> problems = new ArrayList<>();
            UUID who = id(problems, "person_id", person);
            UUID where = location == null || location.isBlank() ? null : id(problems, "location_id", location);
            TimeOffSettings.refuse(problems);
            return settings.updateMember(who, new TimeOffSettings.MemberInput(where,
                    ownWeek == null ? null : week == null ? List.of() : week));
        }));
    }

    // ---- helpers

    private String saved(Model model, RedirectAttributes redirect, java.util.function.Supplier<Object> action) {
        if (Forms.attempt(model, action) == null) {
            return settings(null, model);
        }
        redirect.addFlashAttribute("notice", "timeoff.saved");
        return "redirect:/app/time-off/settings";
    }

    private static <T> T renamed(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (ApiProblem problem) {
            throw rename(problem, FORM_NAMES);
        }
    }

    private static ApiProblem rename(ApiProblem problem, Map<String, String> names) {
        if (problem.fieldProblems().isEmpty()) {
            return problem;
        }
        return ApiProblem.validation(problem.fieldProblems().stream()
                .map(p -> new FieldProblem(names.getOrDefault(p.field(), p.field()), p.message())).toList());
    }

    private static UUID id(List<FieldProblem> problems, String field, String value) {
        if (value == null || value.isBlank()) {
            problems.add(new FieldProblem(field, "is required"));
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(field, "has an invalid format"));
            return null;
        }
    }

    private static LocalDate date(List<FieldProblem> problems, String field, String value) {
        if (value == null || value.isBlank()) {
            problems.add(new FieldProblem(field, "is required"));
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem(field, "must be a date like 2026-01-31"));
            return null;
        }
    }

    private static BigDecimal number(List<FieldProblem> problems, String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(value.strip().replace(',', '.'));
        } catch (NumberFormatException e) {
            problems.add(new FieldProblem(field, "has an invalid format"));
            return null;
        }
    }
}
