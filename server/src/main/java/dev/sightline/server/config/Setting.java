package dev.sightline.server.config;

/**
 * One key's value from one source, before the record tree is built.
 *
 * @param value already parsed to the leaf's type
 * @param origin where it came from, phrased to follow the key in a message: {@code in sightline.yaml},
 *     {@code from environment variable SIGHTLINE_QUERY_PORT}, {@code from flag --query.port}
 */
record Setting(Object value, String origin) {
    /** Parses {@code text} for {@code leaf}; a bad value names the key, the origin and the value. */
    static Setting parse(ConfigSchema.Leaf leaf, String text, String origin) {
        try {
            return new Setting(leaf.type().parse(text), origin);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid value for " + leaf.key() + " " + origin + ": " + e.getMessage(), e);
        }
    }
}
