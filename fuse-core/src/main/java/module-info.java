/**
 * panama-fuse core: the public API ({@code dev.panamafuse}), the FUSE protocol definitions, the
 * zero-copy codec and the session. It makes no native call and has no dependency but the JDK;
 * {@code dev.panamafuse.ffm} supplies the Linux transport through qualified exports.
 */
module dev.panamafuse.core {
    exports dev.panamafuse;
    exports dev.panamafuse.mount;
    exports dev.panamafuse.path;
    exports dev.panamafuse.nio;
    exports dev.panamafuse.protocol to dev.panamafuse.ffm;
    exports dev.panamafuse.codec to dev.panamafuse.ffm;
    exports dev.panamafuse.session to dev.panamafuse.ffm;
}
