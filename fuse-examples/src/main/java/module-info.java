/**
 * The demo filesystems of panama-fuse and the {@code panamafuse} command line.
 */
module dev.panamafuse.examples {
    requires dev.panamafuse.ffm;
    requires info.picocli;
    requires java.logging;
    requires jdk.unsupported;
    requires jdk.zipfs;

    exports dev.panamafuse.examples.hello;
    exports dev.panamafuse.examples.memory;
    exports dev.panamafuse.examples.passthrough;
    exports dev.panamafuse.examples.zip;

    opens dev.panamafuse.examples.cli to info.picocli;
}
