/**
 * Time off: leave types, work locations and their public holidays, policies, the balance ledger,
 * requests and their approval by the manager chain.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Time off")
package io.strongroom.timeoff;
