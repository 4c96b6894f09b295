/**
 * The life of a workspace (D2-D4): its account state (trial, paid, free, payment failed, suspended,
 * closed, cancelled, unsubscribed, licence expired), the retention schedule that moves it on the
 * application clock, the notices its Owners receive before each step, a legal hold that stops every
 * deletion, and the deletion itself: every row of every registered table, its backups, its keys
 * (crypto-shredding), then a tombstone and a signed deletion certificate.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Lifecycle")
package io.strongroom.lifecycle;
