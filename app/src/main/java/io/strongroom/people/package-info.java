/**
 * People: employee records, the business data every control protects.
 */
@org.springframework.modulith.ApplicationModule(displayName = "People")
package io.strongroom.people;
