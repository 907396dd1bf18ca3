package dev.sightline.storage.spans;

/** An edge of the service graph: {@code parent} service called {@code child} service {@code callCount} times. */
public record DependencyEdge(String parent, String child, long callCount) {
}
