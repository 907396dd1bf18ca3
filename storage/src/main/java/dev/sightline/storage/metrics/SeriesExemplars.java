package dev.sightline.storage.metrics;

import dev.sightline.storage.model.Labels;
import java.util.List;

/** The exemplars of one series, oldest first. */
public record SeriesExemplars(Labels series, List<Exemplar> exemplars) {
}
