package dev.panamafuse.session;

import static dev.panamafuse.protocol.InitFlags.FUSE_ASYNC_DIO;
import static dev.panamafuse.protocol.InitFlags.FUSE_BIG_WRITES;
import static dev.panamafuse.protocol.InitFlags.FUSE_DO_READDIRPLUS;
import static dev.panamafuse.protocol.InitFlags.FUSE_FLOCK_LOCKS;
import static dev.panamafuse.protocol.InitFlags.FUSE_HAS_IOCTL_DIR;
import static dev.panamafuse.protocol.InitFlags.FUSE_INIT_EXT;
import static dev.panamafuse.protocol.InitFlags.FUSE_MAX_PAGES;
import static dev.panamafuse.protocol.InitFlags.FUSE_PASSTHROUGH;
import static dev.panamafuse.protocol.InitFlags.FUSE_POSIX_LOCKS;
import static dev.panamafuse.protocol.InitFlags.FUSE_READDIRPLUS_AUTO;
import static dev.panamafuse.protocol.InitFlags.FUSE_SETXATTR_EXT;
import static dev.panamafuse.protocol.InitFlags.FUSE_WRITEBACK_CACHE;
import static dev.panamafuse.protocol.MessageStructs.FUSE_INIT_IN;
import static dev.panamafuse.protocol.MessageStructs.FUSE_INIT_OUT;
import static dev.panamafuse.protocol.StructFields.offset;

import dev.panamafuse.DirectoryFiller;
import dev.panamafuse.FileLock;
import dev.panamafuse.FileSystem;
import dev.panamafuse.Request;
import dev.panamafuse.codec.ReplyFrame;
import dev.panamafuse.codec.RequestFrame;
import dev.panamafuse.mount.Capability;
import dev.panamafuse.mount.ConnectionInfo;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.protocol.Kernel;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The {@code FUSE_INIT} handshake: reads {@code fuse_init_in}, chooses the protocol minor and
 * the capabilities, and writes {@code fuse_init_out}.
 *
 * <ul>
 *   <li>Kernel major above 7: answer with major 7 only; the kernel then sends INIT again.</li>
 *   <li>Kernel major below 7, or minor below {@link Kernel#MIN_MINOR}: refuse with
 *       {@code EPROTO}.</li>
 *   <li>Otherwise minor = min(kernel's, 45); capabilities = what we want ∩ what the kernel
 *       offers; {@code flags2} is read and written only with {@code FUSE_INIT_EXT}.</li>
 * </ul>
 *
 * <p>Capabilities asked for: big writes, max_pages (so max_write can reach 1 MiB), async
 * direct I/O, ioctl on directories, SETXATTR_EXT (the 16-byte {@code fuse_setxattr_in}), plus
 * every {@link Capability} the mount options enable; POSIX locks, flock and readdirplus only
 * when the filesystem overrides the methods they need. Never asked for: {@code SECURITY_CTX}
 * and {@code CREATE_SUPP_GROUP} (so no extension headers follow names), io_uring.
 *
 * <p>Passthrough ({@link Capability#PASSTHROUGH}) is asked for only without writeback caching (the
 * kernel would turn it off); when agreed, {@code max_stack_depth} is 1 (backing files on
 * non-stacked filesystems) and the connection's {@link ConnectionInfo#backingFiles()} registers
 * backing files through the channel.
 */
final class InitNegotiator {
    private static final long IN_MAJOR = offset(FUSE_INIT_IN, "major");
    private static final long IN_MINOR = offset(FUSE_INIT_IN, "minor");
    private static final long IN_MAX_READAHEAD = offset(FUSE_INIT_IN, "max_readahead");
    private static final long IN_FLAGS = offset(FUSE_INIT_IN, "flags");
    private static final long IN_FLAGS2 = offset(FUSE_INIT_IN, "flags2");
    /** Size of {@code fuse_init_in} before 7.36 added flags2. */
    private static final long IN_SIZE_OLD = 16;
    private static final int PAGE = 4096;
    /** Pages a request may have when the kernel does not offer {@code FUSE_MAX_PAGES}. */
    private static final int DEFAULT_MAX_PAGES = 32;

    /** What INIT decided: the connection, or a request to retry (major > 7), or a refusal. */
    record Outcome(ConnectionInfo connection, String refusal) {
    }

    private InitNegotiator() {
    }

    /**
     * The capabilities we ask for: the session's own needs plus the options' capabilities, with
     * locks and readdirplus only when the filesystem implements them.
     */
    static long wanted(FileSystem fs, MountOptions options) {
        long want = FUSE_BIG_WRITES | FUSE_MAX_PAGES | FUSE_INIT_EXT | FUSE_ASYNC_DIO | FUSE_HAS_IOCTL_DIR
                | FUSE_SETXATTR_EXT;
        for (Capability c : options.capabilities()) {
            want |= c.flag();
        }
        for (Capability c : fs.capabilities()) {
            want |= c.flag();
        }
        if (!(overrides(fs, "getlk", Request.class, long.class, long.class, long.class, FileLock.class)
                && overrides(fs, "setlk", Request.class, long.class, long.class, long.class, FileLock.class,
                boolean.class))) {
            want &= ~FUSE_POSIX_LOCKS;
        }
        if (!overrides(fs, "flock", Request.class, long.class, long.class, long.class, int.class)) {
            want &= ~FUSE_FLOCK_LOCKS;
        }
        if (!overrides(fs, "readdirplus", Request.class, long.class, long.class, long.class, DirectoryFiller.class)
                || (want & FUSE_DO_READDIRPLUS) == 0) {
            want &= ~(FUSE_DO_READDIRPLUS | FUSE_READDIRPLUS_AUTO);
        }
        if ((want & FUSE_WRITEBACK_CACHE) != 0) {
            want &= ~FUSE_PASSTHROUGH;
        }
        return want;
    }

    private static boolean overrides(FileSystem fs, String name, Class<?>... parameters) {
        try {
            return fs.getClass().getMethod(name, parameters).getDeclaringClass() != FileSystem.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /**
     * Negotiates and writes the reply (success, or error header on refusal).
     *
     * @param transport the connection's first transport: it registers backing files, if
     *                  passthrough is agreed, and takes part in the flags ({@link FuseTransport#initFlags})
     * @return the outcome; {@code connection == null && refusal == null} means the kernel will retry
     */
    static Outcome negotiate(RequestFrame in, ReplyFrame out, MountOptions options, long wanted,
                             FuseTransport transport) {
        long at = in.argument(IN_SIZE_OLD);
        int major = in.getInt(at + IN_MAJOR);
        int minor = in.getInt(at + IN_MINOR);
        int kernelReadahead = in.getInt(at + IN_MAX_READAHEAD);
        long kernelFlags = Integer.toUnsignedLong(in.getInt(at + IN_FLAGS));
        if ((kernelFlags & FUSE_INIT_EXT) != 0 && in.remaining() >= FUSE_INIT_IN.byteSize() - IN_SIZE_OLD) {
            kernelFlags |= Integer.toUnsignedLong(in.getInt(at + IN_FLAGS2)) << 32;
        }
        long o = out.reserve(FUSE_INIT_OUT.byteSize());
        MemorySegment s = out.buffer();
        if (major > Kernel.FUSE_KERNEL_VERSION) {
            s.set(ValueLayout.JAVA_INT_UNALIGNED, o + offset(FUSE_INIT_OUT, "major"), Kernel.FUSE_KERNEL_VERSION);
            s.set(ValueLayout.JAVA_INT_UNALIGNED, o + offset(FUSE_INIT_OUT, "minor"), Kernel.KERNEL_MINOR_VERSION);
            out.finish();
            return new Outcome(null, null);
        }
        if (major < Kernel.FUSE_KERNEL_VERSION || minor < Kernel.MIN_MINOR) {
            return new Outcome(null, "the kernel speaks FUSE protocol " + major + "." + minor
                    + ", older than 7." + Kernel.MIN_MINOR + " (Linux 4.20), the oldest panama-fuse supports");
        }
        int negotiatedMinor = Math.min(minor, Kernel.KERNEL_MINOR_VERSION);
        long flags = wanted & kernelFlags;
        int maxPages = (flags & FUSE_MAX_PAGES) != 0
                ? Math.min(65535, (options.maxWrite() + PAGE - 1) / PAGE) : DEFAULT_MAX_PAGES;
        int maxWrite = Math.min(options.maxWrite(), maxPages * PAGE);
        flags = transport.initFlags(flags, maxWrite, maxPages);
        int readahead = options.maxReadahead() > 0
                ? (int) Math.min(Integer.toUnsignedLong(kernelReadahead), options.maxReadahead()) : kernelReadahead;
        int timeGran = 1;
        put(s, o, "major", Kernel.FUSE_KERNEL_VERSION);
        put(s, o, "minor", Kernel.KERNEL_MINOR_VERSION);
        put(s, o, "max_readahead", readahead);
        put(s, o, "flags", (int) flags);
        s.set(ValueLayout.JAVA_SHORT_UNALIGNED, o + offset(FUSE_INIT_OUT, "max_background"),
                (short) options.maxBackground());
        s.set(ValueLayout.JAVA_SHORT_UNALIGNED, o + offset(FUSE_INIT_OUT, "congestion_threshold"),
                (short) options.congestionThreshold());
        put(s, o, "max_write", maxWrite);
        put(s, o, "time_gran", timeGran);
        s.set(ValueLayout.JAVA_SHORT_UNALIGNED, o + offset(FUSE_INIT_OUT, "max_pages"), (short) maxPages);
        if ((flags & FUSE_INIT_EXT) != 0) {
            put(s, o, "flags2", (int) (flags >>> 32));
        }
        boolean passthrough = (flags & FUSE_PASSTHROUGH) != 0;
        if (passthrough) {
            put(s, o, "max_stack_depth", 1);
        }
        out.finish();
        ConnectionInfo c = new ConnectionInfo(Kernel.FUSE_KERNEL_VERSION, negotiatedMinor, kernelFlags, flags,
                maxWrite, readahead, maxPages, timeGran,
                passthrough ? transport.backingFiles() : NoBackingFiles.NOT_AGREED);
        return new Outcome(c, null);
    }

    private static void put(MemorySegment s, long o, String field, int value) {
        s.set(ValueLayout.JAVA_INT_UNALIGNED, o + offset(FUSE_INIT_OUT, field), value);
    }
}
