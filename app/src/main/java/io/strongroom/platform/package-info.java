/**
 * Shared infrastructure every module stands on: the per-transaction tenant context (RLS binding),
 * request facts (request id, client IP), problem responses, rate limits and the deployed version.
 * <p>
 * The types in this package are the module's API; the sub-packages are its implementation.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform")
package io.strongroom.platform;
