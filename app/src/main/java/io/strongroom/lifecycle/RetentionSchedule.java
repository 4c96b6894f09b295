package io.strongroom.lifecycle;

import java.time.Duration;
import java.util.Map;

/** The retention schedule by account state (D3) as configured, for the record of processing (G4). */
public interface RetentionSchedule {

    /** The periods of {@code plan}'s schedule by name ({@code trial-deletion}, {@code cancelled-deletion}, ...). */
    Map<String, Duration> periods(String plan);
}
