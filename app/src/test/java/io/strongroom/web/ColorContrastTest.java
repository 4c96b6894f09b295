package io.strongroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The style sheet's text and background colours keep WCAG AA contrast (4.5:1) in both the light
 * and the dark scheme ({@code prefers-color-scheme}), computed from the custom properties in
 * {@code static/css/app.css}, so a palette change cannot make a page unreadable.
 */
class ColorContrastTest {

    /** Text colour on background, as the style sheet uses them. */
    private static final List<String[]> PAIRS = List.of(
            new String[] {"ink", "bg"}, new String[] {"ink", "card"}, new String[] {"muted", "card"},
            new String[] {"muted", "bg"}, new String[] {"accent", "card"}, new String[] {"accent", "bg"},
            new String[] {"accent-ink", "accent"}, new String[] {"danger", "card"}, new String[] {"danger", "error-bg"},
            new String[] {"danger", "field-bg"}, new String[] {"ink", "notice-bg"}, new String[] {"ink", "warn-bg"},
            new String[] {"ink", "error-bg"}, new String[] {"ink", "field-bg"}, new String[] {"ink", "row-failed"},
            new String[] {"ink", "row-current"}, new String[] {"ok", "card"}, new String[] {"warn", "card"},
            new String[] {"accent", "row-current"});
    private static final Pattern PROPERTY = Pattern.compile("--([a-z-]+):\\s*(#[0-9a-fA-F]{6})");

    @Test
    void everyTextColourHasAaContrastOnItsBackgroundInBothSchemes() throws IOException {
        String css;
        try (InputStream in = getClass().getResourceAsStream("/static/css/app.css")) {
            css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int dark = css.indexOf("@media (prefers-color-scheme: dark)");
        assertThat(dark).as("a dark scheme").isPositive();
        Map<String, String> light = properties(css.substring(0, dark));
        Map<String, String> darkScheme = new HashMap<>(light);
        darkScheme.putAll(properties(css.substring(dark, css.indexOf("}\n}", dark))));
        assertThat(darkScheme.get("bg")).as("the dark scheme changes the background").isNotEqualTo(light.get("bg"));

        List<String> low = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> scheme : Map.of("light", light, "dark", darkScheme).entrySet()) {
            for (String[] pair : PAIRS) {
                String text = scheme.getValue().get(pair[0]);
                String background = scheme.getValue().get(pair[1]);
                assertThat(text).as(pair[0]).isNotNull();
                assertThat(background).as(pair[1]).isNotNull();
                double ratio = contrast(text, background);
                if (ratio < 4.5) {
                    low.add("%s: --%s on --%s is %.2f:1".formatted(scheme.getKey(), pair[0], pair[1], ratio));
                }
            }
        }
        assertThat(low).as("pairs below 4.5:1").isEmpty();
    }

    private static Map<String, String> properties(String css) {
        Map<String, String> values = new HashMap<>();
        Matcher m = PROPERTY.matcher(css);
        while (m.find()) {
            values.put(m.group(1), m.group(2));
        }
        return values;
    }

    private static double contrast(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(String hex) {
        double[] c = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = Integer.parseInt(hex.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
            c[i] = v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }
}
