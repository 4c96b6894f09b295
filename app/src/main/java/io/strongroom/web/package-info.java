/**
 * Web: the server-rendered pages (Thymeleaf + htmx) administrators, HR staff and employees use in a
 * browser. Pages live under {@code /app} (and the public sign-up/sign-in pages); they use only the
 * other modules' APIs.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Web")
package io.strongroom.web;
