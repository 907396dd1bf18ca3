package dev.sightline.server.config;

/**
 * The configuration cannot be loaded: an unknown key or flag, a value that does not parse, a value outside its
 * range, or an unreadable file. The message names the key, the value and where it came from, and is meant to be
 * printed to the operator as is.
 */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
