/**
 * Jobs: cluster-safe background work on db-scheduler (one PostgreSQL table; a recurring job runs
 * on one node at a time, and survives restarts). Shared infrastructure; uses nothing above it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Jobs")
package io.strongroom.jobs;
