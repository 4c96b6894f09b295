package io.strongroom.people;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where a person stands with the company; the API, the database and the pages use {@link #apiName()}. */
public enum EmploymentStatus {

    ACTIVE("active"),
    ON_LEAVE("on_leave"),
    TERMINATED("terminated");

    private final String apiName;

    EmploymentStatus(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    public static Optional<EmploymentStatus> of(String apiName) {
        return Arrays.stream(values()).filter(s -> s.apiName.equals(apiName)).findFirst();
    }

    /** "active, on_leave or terminated", for messages. */
    public static String choices() {
        EmploymentStatus[] all = values();
        return Arrays.stream(all, 0, all.length - 1).map(EmploymentStatus::apiName)
                .collect(Collectors.joining(", ")) + " or " + all[all.length - 1].apiName;
    }
}
