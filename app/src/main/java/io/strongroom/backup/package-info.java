/**
 * Backups: a daily (and on-demand) encrypted archive of each tenant's data in a store apart from
 * the database, verified after writing, kept by a grandfather-father-son schedule, and restored into
 * the tenant's workspace on the owner's request (B1-B5).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Backup")
package io.strongroom.backup;
