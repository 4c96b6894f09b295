package io.strongroom.backup.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code strongroom.backup.*}.
 *
 * @param store where archives go: {@code directory} (the only store so far)
 * @param directory the directory of {@code store=directory}; default {@code $STRONGROOM_HOME/backups}.
 *        Mount it on other storage than the database's: a backup on the database's disk dies with it.
 * @param workerInterval how often the worker queues due daily backups and runs waiting jobs
 * @param pruneInterval how often the retention rule prunes
 * @param keepDaily newest backup of each of this many days (that have one)
 * @param keepWeekly newest backup of each of this many ISO weeks
 * @param keepMonthly newest backup of each of this many months
 * @param jobs whether this node runs the backup worker and the pruning (tests run them themselves)
 */
@ConfigurationProperties("strongroom.backup")
record BackupProperties(@DefaultValue("directory") String store, String directory,
        @DefaultValue("30s") Duration workerInterval, @DefaultValue("1h") Duration pruneInterval,
        @DefaultValue("7") int keepDaily, @DefaultValue("8") int keepWeekly, @DefaultValue("12") int keepMonthly,
        @DefaultValue("true") boolean jobs) {
}
