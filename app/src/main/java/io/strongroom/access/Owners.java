package io.strongroom.access;

import java.util.List;

/** Who owns the bound workspace: for notices only its Owners receive (a restore of its data). */
public interface Owners {

    /** The e-mail addresses of the workspace's active Owners, in the caller's transaction. */
    List<String> activeOwnerEmails();
}
