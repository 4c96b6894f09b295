package io.strongroom.platform.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.strongroom.platform.database.DataDirectoryInUseException;

/** A second Strongroom started on the data directory of one that is still running. */
class DataDirectoryInUseFailureAnalyzer extends AbstractFailureAnalyzer<DataDirectoryInUseException> {

    @Override
    protected FailureAnalysis analyze(Throwable root, DataDirectoryInUseException cause) {
        return new FailureAnalysis(
                "Another Strongroom process is already running with the data directory " + cause.home()
                        + " (it holds embedded-postgres.lock there), so this one cannot start its database.",
                "Stop the other process first (it may be running in another terminal or as a service), or give this one"
                        + " its own data directory with STRONGROOM_HOME=/some/other/directory.",
                null);
    }
}
