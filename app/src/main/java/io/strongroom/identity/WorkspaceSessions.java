package io.strongroom.identity;

/** Ends every session of the bound workspace at once (the workspace closes or is deleted). */
public interface WorkspaceSessions {

    /**
     * Ends every open session of every user of the bound workspace, in the caller's transaction; each
     * node stops accepting their access tokens when it commits. Answers how many ended.
     */
    int endAll(String reason);
}
