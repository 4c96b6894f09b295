package io.strongroom.platform;

/**
 * A field's value before and after a change; either may be null (set, cleared). The one change
 * contract between modules that publish changes and the audit trail that records them as its
 * diff: publishers hand over {@code FieldChange}s, never maps the trail would have to interpret.
 */
public record FieldChange(Object from, Object to) {
}
