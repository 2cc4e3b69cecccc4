/**
 * The demo filesystems of panama-fuse and the {@code panamafuse} command line.
 */
module dev.panamafuse.examples {
    requires dev.panamafuse.ffm;
    requires info.picocli;
    requires java.logging;
    requires jdk.unsupported;
    requires jdk.zipfs;

    exports dev.panamafuse.examples;
    exports dev.panamafuse.examples.passthrough;

    opens dev.panamafuse.examples.cli to info.picocli;
}
