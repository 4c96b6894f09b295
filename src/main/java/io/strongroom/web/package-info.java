/**
 * Web: the server-rendered pages people use in a browser.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Web")
package io.strongroom.web;
