package io.strongroom.lifecycle;

/** Whether the bound workspace is under a legal hold (D3): then nothing of it may be deleted or erased. */
public interface LegalHold {

    /** In the caller's transaction. */
    boolean active();
}
