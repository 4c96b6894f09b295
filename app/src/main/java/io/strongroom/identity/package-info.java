/**
 * Identity: users, credentials, sign-in, tokens and sessions, and the HTTP security chain.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Identity")
package io.strongroom.identity;
