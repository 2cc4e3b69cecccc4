package dev.panamafuse.benchmarks.peers;


/**
 * Takes SIGINT, SIGTERM and SIGHUP away from the JVM's default handling (which would exit with
 * status 128 + signal, leaving the mount to shutdown hooks), so a server can unmount and exit 0.
 */
final class Termination {
    private static final String[] SIGNALS = {"INT", "TERM", "HUP"};

    private Termination() {
    }

    /**
     * Runs {@code action} on the JVM's signal thread for each of these signals; it must be quick.
     *
     * @param action what to do, typically releasing a latch the main thread waits on
     */
    static void onSignal(Runnable action) {
        for (String name : SIGNALS) {
            try {
                // sun.misc.Signal named in full, not imported: an import would make javadoc warn
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> action.run());
            } catch (IllegalArgumentException e) {
                // reserved by the JVM (-Xrs): the default handling stays
            }
        }
    }
}
