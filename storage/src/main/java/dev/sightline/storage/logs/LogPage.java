package dev.sightline.storage.logs;

import java.util.List;

/**
 * One page of search results, in the requested order.
 *
 * @param next where the next page starts, or null when this page reached the end
 */
public record LogPage(List<StoredLog> records, LogCursor next) {
    public LogPage {
        records = List.copyOf(records);
    }
}
