package dev.sightline.storage.model;

/** One label of a series: a name and a non-empty value. */
public record Label(String name, String value) implements Comparable<Label> {
    public Label {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("label name must not be empty, got \"" + name + "\"");
        }
        if (value == null) {
            throw new IllegalArgumentException("label " + name + " must have a value");
        }
    }

    @Override
    public int compareTo(Label o) {
        int c = name.compareTo(o.name);
        return c != 0 ? c : value.compareTo(o.value);
    }
}
