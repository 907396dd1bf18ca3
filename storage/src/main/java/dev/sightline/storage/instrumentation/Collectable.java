package dev.sightline.storage.instrumentation;

/** A registered metric family that can report its current samples. */
sealed interface Collectable permits Family, CallbackFamily {
    String name();

    FamilySnapshot snapshot();
}
