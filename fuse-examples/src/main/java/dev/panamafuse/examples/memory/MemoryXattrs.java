package dev.panamafuse.examples.memory;

import dev.panamafuse.Errno;
import dev.panamafuse.FileSystem;
import dev.panamafuse.FuseException;
import dev.panamafuse.Request;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The extended attributes of a {@link MemoryFs}, in the {@code user.}, {@code trusted.} and
 * {@code security.} namespaces and the two POSIX ACL names, each charged to the space budget
 * (name and value). Each method is the {@link FileSystem} operation of the same name, with its
 * contract and errors.
 *
 * @param tree the inode table, space and lock it works on
 */
record MemoryXattrs(MemoryTree tree) {
    private static final int XATTR_CREATE = 1;
    private static final int XATTR_REPLACE = 2;
    private static final List<String> XATTR_PREFIXES = List.of("user.", "trusted.", "security.");

    void setxattr(Request req, long nodeid, String name, MemorySegment value, int flags, int setxattrFlags) {
        checkXattrNamespace(name);
        try (var l = tree.write()) {
            MemoryNode n = tree.node(nodeid);
            byte[] old = n.xattrs.get(name);
            boolean exists = old != null;
            if ((flags & XATTR_CREATE) != 0 && exists) {
                throw new FuseException(Errno.EEXIST);
            }
            if ((flags & XATTR_REPLACE) != 0 && !exists) {
                throw new FuseException(Errno.ENODATA);
            }
            long grows = MemorySpace.xattr(name, value.byteSize()) - (exists ? MemorySpace.xattr(name, old.length) : 0);
            if (grows > 0) {
                tree.space.reserveBytes(grows);
            } else {
                tree.space.releaseBytes(-grows);
            }
            n.xattrs.put(name, value.toArray(ValueLayout.JAVA_BYTE));
            n.changed(Instant.now());
        }
    }

    byte[] getxattr(Request req, long nodeid, String name) {
        checkXattrNamespace(name);
        try (var l = tree.read()) {
            byte[] v = tree.node(nodeid).xattrs.get(name);
            if (v == null) {
                throw new FuseException(Errno.ENODATA);
            }
            return v;
        }
    }

    List<String> listxattr(Request req, long nodeid) {
        try (var l = tree.read()) {
            List<String> names = new ArrayList<>();
            for (String name : tree.node(nodeid).xattrs.keySet()) {
                if (req.uid() == 0 || !name.startsWith("trusted.")) {
                    names.add(name);
                }
            }
            return names;
        }
    }

    void removexattr(Request req, long nodeid, String name) {
        checkXattrNamespace(name);
        try (var l = tree.write()) {
            MemoryNode n = tree.node(nodeid);
            byte[] old = n.xattrs.remove(name);
            if (old == null) {
                throw new FuseException(Errno.ENODATA);
            }
            tree.space.releaseBytes(MemorySpace.xattr(name, old.length));
            n.changed(Instant.now());
        }
    }

    private static void checkXattrNamespace(String name) {
        for (String prefix : XATTR_PREFIXES) {
            if (name.startsWith(prefix)) {
                if (name.length() == prefix.length()) {
                    throw new FuseException(Errno.EINVAL);
                }
                return;
            }
        }
        if (!name.equals("system.posix_acl_access") && !name.equals("system.posix_acl_default")) {
            throw new FuseException(Errno.EOPNOTSUPP);
        }
    }
}
