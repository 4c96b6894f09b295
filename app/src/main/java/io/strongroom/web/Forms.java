package io.strongroom.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;

import io.strongroom.platform.ApiProblem;

/**
 * Form handling shared by the pages: run an action, and on a problem put its field errors
 * ({@code errors}: field → messages) and general message ({@code error}) into the model for the
 * form to show next to its inputs.
 */
public final class Forms {

    private Forms() {
    }

    /** Runs {@code action}; returns null after recording the problem in {@code model}. */
    public static <T> T attempt(Model model, Supplier<T> action) {
        try {
            return action.get();
        } catch (ApiProblem problem) {
            record(model, problem);
            return null;
        }
    }

    /** Shows the problem on the form; a refusal among them (403, 409, 412) is still audited. */
    public static void record(Model model, ApiProblem problem) {
        io.strongroom.platform.RequestRefused.absorbed(problem);
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (ApiProblem.FieldProblem field : problem.fieldProblems()) {
            errors.computeIfAbsent(field.field(), k -> new java.util.ArrayList<>()).add(field.message());
        }
        model.addAttribute("errors", errors);
        if (problem.fieldProblems().isEmpty()) {
            model.addAttribute("error", problem.detail());
        } else {
            model.addAttribute("errorKey", "form.correct");
            model.addAttribute("error", "");
        }
        model.addAttribute("errorStatus", problem.status().value());
    }

    /** Form values: blank inputs become null (clear the field), others are stripped. */
    public static Map<String, Object> values(MultiValueMap<String, String> form, List<String> fields) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String field : fields) {
            if (form.containsKey(field)) {
                String value = form.getFirst(field);
                values.put(field, value == null || value.isBlank() ? null : value.strip());
            }
        }
        return values;
    }

    /** A whole number typed into a form, or null when it is not one (the service then names the field). */
    public static Integer integer(String text) {
        try {
            return text == null ? null : Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A page path under /app in plain URL characters (no controls, spaces or backslashes), or the start page. */
    private static final java.util.regex.Pattern SAFE_NEXT =
            java.util.regex.Pattern.compile("/app(?:[/?#][A-Za-z0-9\\-._~!$&'()*+,;=:@/?#%]*)?");

    public static String safeNext(String next) {
        if (next == null || next.length() > 500 || !SAFE_NEXT.matcher(next).matches() || next.contains("://")) {
            return "/app";
        }
        return next;
    }
}
