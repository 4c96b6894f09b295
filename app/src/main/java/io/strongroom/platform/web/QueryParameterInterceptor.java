package io.strongroom.platform.web;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ApiProblem.FieldProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The JSON API takes only the query parameters its handler declares: an unknown one (a typo such
 * as {@code targetId} for {@code target_id}) is a 400 naming it, never silently ignored — a filter
 * that is ignored answers everything. Pages are exempt (their forms carry {@code _csrf} and fields).
 */
class QueryParameterInterceptor implements HandlerInterceptor {

    private final Map<HandlerMethod, Set<String>> declared = new ConcurrentHashMap<>();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method) || !request.getRequestURI().startsWith("/api/")) {
            return true;
        }
        Set<String> known = declared.computeIfAbsent(method, QueryParameterInterceptor::declaredNames);
        List<FieldProblem> unknown = Collections.list(request.getParameterNames()).stream()
                .filter(name -> !known.contains(name)).sorted()
                .map(name -> new FieldProblem(name, known.isEmpty() ? "is not a parameter of this endpoint"
                        : "is not a parameter of this endpoint; it takes " + String.join(", ", known)))
                .toList();
        if (!unknown.isEmpty()) {
            throw ApiProblem.validation(unknown);
        }
        return true;
    }

    /** The names of the handler's {@code @RequestParam}s, as the API spells them. */
    static Set<String> declaredNames(HandlerMethod method) {
        Set<String> names = new TreeSet<>();
        for (MethodParameter parameter : method.getMethodParameters()) {
            RequestParam annotation = parameter.getParameterAnnotation(RequestParam.class);
            if (annotation != null) {
                String name = !annotation.name().isEmpty() ? annotation.name() : parameter.getParameterName();
                if (name != null) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
