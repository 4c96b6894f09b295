package io.strongroom.backup.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code strongroom.backup.*}.
 *
 * @param store where archives go: {@code directory} (default) or {@code s3}
 * @param directory the directory of {@code store=directory}; default {@code $STRONGROOM_HOME/backups}.
 *        Mount it on other storage than the database's: a backup on the database's disk dies with it.
 * @param workerInterval how often the worker queues due daily backups and runs waiting jobs
 * @param pruneInterval how often the retention rule prunes
 * @param keepDaily newest backup of each of this many days (that have one)
 * @param keepWeekly newest backup of each of this many ISO weeks
 * @param keepMonthly newest backup of each of this many months
 * @param integrityInterval how often the integrity check (amcheck) runs and repairs what it finds
 * @param jobs whether this node runs the backup worker and the pruning (tests run them themselves)
 * @param exportLifetime how long a full export can be downloaded before it is deleted
 * @param s3 the bucket of {@code store=s3}
 * @param regions per data region, its own store (same settings as above: {@code store}, {@code directory},
 *        {@code s3.*}); a region without one uses the default store
 */
@ConfigurationProperties("strongroom.backup")
record BackupProperties(@DefaultValue("directory") String store, String directory,
        @DefaultValue("30s") Duration workerInterval, @DefaultValue("1h") Duration pruneInterval,
        @DefaultValue("7") int keepDaily, @DefaultValue("8") int keepWeekly, @DefaultValue("12") int keepMonthly,
        @DefaultValue("24h") Duration integrityInterval, @DefaultValue("true") boolean jobs, @DefaultValue S3 s3,
        java.util.Map<String, Regional> regions, @DefaultValue("7d") Duration exportLifetime) {

    BackupProperties {
        regions = regions == null ? java.util.Map.of() : java.util.Map.copyOf(regions);
    }

    /** A data region's own store. */
    record Regional(@DefaultValue("directory") String store, String directory, @DefaultValue S3 s3) {
    }

    /**
     * @param bucket the bucket (created beforehand; with versioning or Object Lock if wanted)
     * @param prefix prepended to every object key, for example {@code strongroom/}
     * @param region the bucket's region
     * @param endpoint the server of an S3-compatible store (MinIO, Ceph, ...); empty for AWS S3
     * @param pathStyle address the bucket in the path rather than the host name (S3-compatible stores)
     * @param accessKeyId with {@code secretAccessKey}; empty: the AWS default chain (environment,
     *        instance profile, ...)
     * @param secretAccessKey set it from the environment: {@code STRONGROOM_BACKUP_S3_SECRETACCESSKEY}
     */
    record S3(String bucket, @DefaultValue("") String prefix, @DefaultValue("us-east-1") String region, String endpoint,
            @DefaultValue("true") boolean pathStyle, String accessKeyId, String secretAccessKey) {

        @Override
        public String toString() {
            return "S3[bucket=" + bucket + ", prefix=" + prefix + ", region=" + region + ", endpoint=" + endpoint
                    + ", pathStyle=" + pathStyle + ", accessKeyId=" + accessKeyId + ", secretAccessKey="
                    + (secretAccessKey == null ? "unset" : "set") + "]";
        }
    }
}
