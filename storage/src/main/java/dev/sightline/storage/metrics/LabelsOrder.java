package dev.sightline.storage.metrics;

import dev.sightline.storage.model.Label;
import dev.sightline.storage.model.Labels;
import java.util.List;

/** Prometheus' order of label sets: label by label, name then value; a prefix sorts first. */
public final class LabelsOrder {
    private LabelsOrder() {
    }

    public static int compare(Labels a, Labels b) {
        List<Label> x = a.list();
        List<Label> y = b.list();
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            int c = x.get(i).compareTo(y.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.size(), y.size());
    }
}
