/**
 * Web: the shell of the browser pages (Thymeleaf + htmx). Feature modules own their pages
 * ({@link io.strongroom.web.PageController}, templates under {@code templates/<module>/}, messages in
 * {@code messages/<module>.properties}) and contribute {@link io.strongroom.web.NavigationEntry}s;
 * the shell provides the layout and fragments, {@link io.strongroom.web.Forms}, the error pages, the
 * navigation filtered by the caller's permissions, and the page routes (start, sign-in redirect,
 * "not allowed"). It depends only on platform, so every feature module may use it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Web")
package io.strongroom.web;
