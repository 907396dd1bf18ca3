package dev.sightline.server;

import dev.sightline.server.config.ConfigException;
import dev.sightline.server.config.ConfigLoader;
import dev.sightline.server.config.LoadedConfig;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The launcher: {@code java -jar sightline-server.jar [--config FILE] [--key=value ...]}. Loads configuration
 * (YAML file, then {@code SIGHTLINE_*} environment variables, then flags), starts the server, and installs the
 * shutdown hook that drains and checkpoints on SIGTERM or Ctrl-C.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.setProperty("java.util.logging.manager", Logging.ShutdownSafeLogManager.class.getName());
        LoadedConfig loaded;
        try {
            loaded = ConfigLoader.load(args, System.getenv());
        } catch (ConfigException e) {
            System.err.println("sightline: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (loaded.helpRequested()) {
            System.out.println(loaded.helpText());
            return;
        }
        try {
            Logging.configure(loaded.config().log());
        } catch (IllegalArgumentException e) {
            System.err.println("sightline: " + e.getMessage());
            System.exit(2);
            return;
        }
        Logger log = Logger.getLogger(Main.class.getName());
        loaded.warnings().forEach(log::warning);
        SightlineServer server = new SightlineServer(loaded.config());
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("sightline-shutdown").unstarted(server::close));
        // Before start: once /readyz answers, a SIGHUP must reload, not hit the JVM's default (shutdown).
        installReloadSignal(server, log);
        try {
            server.start();
        } catch (Exception e) {
            log.log(Level.SEVERE, "Sightline failed to start: " + e.getMessage(), e);
            System.exit(1);
        }
    }

    /**
     * SIGHUP reloads the rules folder, as it does for Prometheus; the reload runs off the signal thread (and does
     * nothing before the rules are loaded). A SIGHUP ignored by the parent (nohup) stays ignored: the JVM keeps it.
     * {@code sun.misc.Signal} (jdk.unsupported) is the JDK's only signal API; javac warns about it.
     */
    private static void installReloadSignal(SightlineServer server, Logger log) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"),
                    sig -> Thread.ofVirtual().name("sightline-reload").start(server::reloadRules));
        } catch (IllegalArgumentException e) {
            log.warning("SIGHUP is not available on this platform; reload rules with POST /-/reload");
        }
    }
}
