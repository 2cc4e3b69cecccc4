package dev.panamafuse.examples.passthrough;

import dev.panamafuse.Request;
import dev.panamafuse.ffm.posix.XattrCalls;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The extended-attribute operations of {@link PassthroughFs}: SETXATTR, GETXATTR, LISTXATTR and
 * REMOVEXATTR through {@code /proc/self/fd/N} of the node's {@code O_PATH} descriptor with the
 * following calls, so the attributes of a symbolic link node are the link's own. {@code trusted.*}
 * names are listed only to root.
 */
final class XattrForwarding {
    private final SourceNodes nodes;

    XattrForwarding(SourceNodes nodes) {
        this.nodes = nodes;
    }

    void setxattr(Request req, long nodeid, String name, MemorySegment value, int flags, int setxattrFlags) {
        String path = SourceCalls.procPath(nodes.node(nodeid).fd);
        SourceCalls.run(() -> XattrCalls.setxattr(path, name, value, flags, true));
    }

    byte[] getxattr(Request req, long nodeid, String name) {
        String path = SourceCalls.procPath(nodes.node(nodeid).fd);
        return SourceCalls.call(() -> XattrCalls.getxattr(path, name, true));
    }

    List<String> listxattr(Request req, long nodeid) {
        String path = SourceCalls.procPath(nodes.node(nodeid).fd);
        List<String> names = SourceCalls.call(() -> XattrCalls.listxattr(path, true));
        // the daemon may see trusted.* names; a caller without CAP_SYS_ADMIN may not
        return req.uid() == 0 ? names : names.stream().filter(x -> !x.startsWith("trusted.")).toList();
    }

    void removexattr(Request req, long nodeid, String name) {
        String path = SourceCalls.procPath(nodes.node(nodeid).fd);
        SourceCalls.run(() -> XattrCalls.removexattr(path, name, true));
    }
}
