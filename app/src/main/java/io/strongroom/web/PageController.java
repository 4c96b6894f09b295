package io.strongroom.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.stereotype.Controller;

/**
 * A controller of browser pages, in whichever module owns the feature. The shell gives every such
 * controller the layout's model (who is signed in, the navigation) and renders its problems as an
 * error page in the layout rather than problem+json. Templates live under
 * {@code templates/<module>/}; messages in {@code messages/<module>.properties}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Controller
public @interface PageController {
}
