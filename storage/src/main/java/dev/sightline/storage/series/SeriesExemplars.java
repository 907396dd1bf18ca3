package dev.sightline.storage.series;

import dev.sightline.storage.model.Labels;
import java.util.List;

/** The exemplars of one series, oldest first. */
public record SeriesExemplars(Labels series, List<Exemplar> exemplars) {
}
