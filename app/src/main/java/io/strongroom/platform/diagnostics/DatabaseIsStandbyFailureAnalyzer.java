package io.strongroom.platform.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.strongroom.platform.database.DatabaseIsStandbyException;

/** Strongroom started on a standby made by {@code strongroom standby create}, before its promotion. */
class DatabaseIsStandbyFailureAnalyzer extends AbstractFailureAnalyzer<DatabaseIsStandbyException> {

    @Override
    protected FailureAnalysis analyze(Throwable root, DatabaseIsStandbyException cause) {
        return new FailureAnalysis(
                "The embedded database in " + cause.home() + " is a standby: it replays the primary's changes and"
                        + " takes no writes, so Strongroom cannot run on it.",
                "To fail over to it: run it (strongroom standby run --home " + cause.home() + " --port PORT), promote it"
                        + " (strongroom standby promote --home " + cause.home() + "), stop it, then start Strongroom"
                        + " with STRONGROOM_HOME=" + cause.home() + ". Otherwise start Strongroom on the primary's home.",
                null);
    }
}
