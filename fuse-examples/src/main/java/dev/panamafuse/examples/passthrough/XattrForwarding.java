package dev.panamafuse.examples.passthrough;

import dev.panamafuse.Request;
import dev.panamafuse.ffm.posix.XattrCalls;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The extended-attribute operations of {@link PassthroughFs}: SETXATTR, GETXATTR, LISTXATTR and
 * REMOVEXATTR through {@code /proc/self/fd/N} of the node's {@code O_PATH} descriptor with the
 * following calls, so the attributes of a symbolic link node are the link's own. {@code trusted.*}
 * names are listed only to root (the one call that needs the caller). The
 * {@code FUSE_SETXATTR_*} bits of a request are not forwarded: {@code setxattr(2)} has no such
 * argument.
 */
final class XattrForwarding {
    private final SourceNodes nodes;

    XattrForwarding(SourceNodes nodes) {
        this.nodes = nodes;
    }

    void setxattr(long nodeid, String name, MemorySegment value, int flags) {
        String path = SourceCalls.procPath(nodes.node(nodeid).fd);
        SourceCalls.run(() -> XattrCalls.setxattr(path, name, value, flags, true));
    }

    byte[] getxattr(long nodeid, String name) {
        String path = SourceCalls.procPath(nodes.node(nodeid).fd);
        return SourceCalls.call(() -> XattrCalls.getxattr(path, name, true));
    }

    List<String> listxattr(Request req, long nodeid) {
        String path = SourceCalls.procPath(nodes.node(nodeid).fd);
        List<String> names = SourceCalls.call(() -> XattrCalls.listxattr(path, true));
        // the daemon may see trusted.* names; a caller without CAP_SYS_ADMIN may not
        return req.uid() == 0 ? names : names.stream().filter(x -> !x.startsWith("trusted.")).toList();
    }

    void removexattr(long nodeid, String name) {
        String path = SourceCalls.procPath(nodes.node(nodeid).fd);
        SourceCalls.run(() -> XattrCalls.removexattr(path, name, true));
    }
}
