package dev.sightline.storage.series;

import dev.sightline.storage.model.Labels;

/** One selected series: its labels and its samples within the selected time range. */
public interface Series {
    Labels labels();

    /** A fresh iterator over the samples in [mint, maxt] of the select call, in time order. */
    SampleIterator samples();
}
