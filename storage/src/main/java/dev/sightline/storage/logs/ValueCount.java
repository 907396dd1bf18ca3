package dev.sightline.storage.logs;

/** One value of a field and how many matching records carry it. */
public record ValueCount(String value, long count) {
}
