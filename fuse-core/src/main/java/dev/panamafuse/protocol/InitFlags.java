package dev.panamafuse.protocol;

/**
 * The INIT capability bits of {@code include/uapi/linux/fuse.h} (protocol 7.45), as one 64-bit
 * word: bits 0..31 travel in {@code fuse_init_in.flags} / {@code fuse_init_out.flags}, bits 32..63
 * in {@code flags2} (7.36, only when {@link #FUSE_INIT_EXT} is set). {@link #combine(int, int)},
 * {@link #low(long)} and {@link #high(long)} convert between the word and the two fields.
 *
 * <p>Names are the kernel's. Each bit is offered by the kernel in {@code fuse_init_in} and enabled
 * by the server echoing it in {@code fuse_init_out}; the minor given is the one that introduced it.
 */
public final class InitFlags {

    private InitFlags() {
    }

    /** {@code FUSE_ASYNC_READ}: the kernel may send several reads of one file at once (7.6). */
    public static final long FUSE_ASYNC_READ = 1L << 0;
    /** {@code FUSE_POSIX_LOCKS}: the file system handles POSIX locks itself (7.7). */
    public static final long FUSE_POSIX_LOCKS = 1L << 1;
    /** {@code FUSE_FILE_OPS}: file handle sent for fstat etc.; never implemented by the kernel (7.9). */
    public static final long FUSE_FILE_OPS = 1L << 2;
    /** {@code FUSE_ATOMIC_O_TRUNC}: the file system handles {@code O_TRUNC} in open (7.9). */
    public static final long FUSE_ATOMIC_O_TRUNC = 1L << 3;
    /** {@code FUSE_EXPORT_SUPPORT}: the file system handles lookups of "." and ".." (7.10). */
    public static final long FUSE_EXPORT_SUPPORT = 1L << 4;
    /** {@code FUSE_BIG_WRITES}: writes larger than one page (7.9). */
    public static final long FUSE_BIG_WRITES = 1L << 5;
    /** {@code FUSE_DONT_MASK}: the kernel does not apply the umask on create; the server does (7.12). */
    public static final long FUSE_DONT_MASK = 1L << 6;
    /** {@code FUSE_SPLICE_WRITE}: the kernel supports splice writes to the device (7.14). */
    public static final long FUSE_SPLICE_WRITE = 1L << 7;
    /** {@code FUSE_SPLICE_MOVE}: the kernel supports splice moves to the device (7.14). */
    public static final long FUSE_SPLICE_MOVE = 1L << 8;
    /** {@code FUSE_SPLICE_READ}: the kernel supports splice reads from the device (7.14). */
    public static final long FUSE_SPLICE_READ = 1L << 9;
    /** {@code FUSE_FLOCK_LOCKS}: the file system handles BSD {@code flock} locks (7.17). */
    public static final long FUSE_FLOCK_LOCKS = 1L << 10;
    /** {@code FUSE_HAS_IOCTL_DIR}: the kernel supports ioctl on directories (7.18). */
    public static final long FUSE_HAS_IOCTL_DIR = 1L << 11;
    /** {@code FUSE_AUTO_INVAL_DATA}: cached pages are invalidated when mtime/size change (7.20). */
    public static final long FUSE_AUTO_INVAL_DATA = 1L << 12;
    /** {@code FUSE_DO_READDIRPLUS}: the kernel uses {@code READDIRPLUS} (7.21). */
    public static final long FUSE_DO_READDIRPLUS = 1L << 13;
    /** {@code FUSE_READDIRPLUS_AUTO}: adaptive choice between READDIR and READDIRPLUS (7.21). */
    public static final long FUSE_READDIRPLUS_AUTO = 1L << 14;
    /** {@code FUSE_ASYNC_DIO}: asynchronous direct I/O submission (7.22). */
    public static final long FUSE_ASYNC_DIO = 1L << 15;
    /** {@code FUSE_WRITEBACK_CACHE}: the kernel caches writes and writes back later (7.23). */
    public static final long FUSE_WRITEBACK_CACHE = 1L << 16;
    /** {@code FUSE_NO_OPEN_SUPPORT}: an ENOSYS reply to OPEN means "no open needed" (7.23). */
    public static final long FUSE_NO_OPEN_SUPPORT = 1L << 17;
    /** {@code FUSE_PARALLEL_DIROPS}: parallel lookups and readdirs in one directory (7.25). */
    public static final long FUSE_PARALLEL_DIROPS = 1L << 18;
    /** {@code FUSE_HANDLE_KILLPRIV}: the server clears suid/sgid/caps on write, chown, truncate (7.26). */
    public static final long FUSE_HANDLE_KILLPRIV = 1L << 19;
    /** {@code FUSE_POSIX_ACL}: the file system supports POSIX ACLs (7.26). */
    public static final long FUSE_POSIX_ACL = 1L << 20;
    /** {@code FUSE_ABORT_ERROR}: reading the device after an abort fails with ECONNABORTED (7.27). */
    public static final long FUSE_ABORT_ERROR = 1L << 21;
    /** {@code FUSE_MAX_PAGES}: {@code fuse_init_out.max_pages} is valid (7.28). */
    public static final long FUSE_MAX_PAGES = 1L << 22;
    /** {@code FUSE_CACHE_SYMLINKS}: the kernel caches READLINK replies (7.28). */
    public static final long FUSE_CACHE_SYMLINKS = 1L << 23;
    /** {@code FUSE_NO_OPENDIR_SUPPORT}: an ENOSYS reply to OPENDIR means "no opendir needed" (7.29). */
    public static final long FUSE_NO_OPENDIR_SUPPORT = 1L << 24;
    /** {@code FUSE_EXPLICIT_INVAL_DATA}: cached pages are invalidated only on explicit request (7.30). */
    public static final long FUSE_EXPLICIT_INVAL_DATA = 1L << 25;
    /** {@code FUSE_MAP_ALIGNMENT}: {@code fuse_init_out.map_alignment} is valid, for DAX (7.31). */
    public static final long FUSE_MAP_ALIGNMENT = 1L << 26;
    /** {@code FUSE_SUBMOUNTS}: the kernel supports automounted submounts (7.32). */
    public static final long FUSE_SUBMOUNTS = 1L << 27;
    /** {@code FUSE_HANDLE_KILLPRIV_V2}: like HANDLE_KILLPRIV with the VFS's CAP_FSETID rules (7.33). */
    public static final long FUSE_HANDLE_KILLPRIV_V2 = 1L << 28;
    /** {@code FUSE_SETXATTR_EXT}: the server takes the extended {@code fuse_setxattr_in} (7.33). */
    public static final long FUSE_SETXATTR_EXT = 1L << 29;
    /** {@code FUSE_INIT_EXT}: {@code fuse_init_in} is extended and {@code flags2} is valid (7.36). */
    public static final long FUSE_INIT_EXT = 1L << 30;
    /**
     * {@code FUSE_INIT_RESERVED}: bit 31, reserved, never to be set (7.36). The C header writes
     * it as {@code (1 << 31)}, a negative {@code int}; here it is just bit 31.
     */
    public static final long FUSE_INIT_RESERVED = 1L << 31;
    /** {@code FUSE_SECURITY_CTX}: create-type requests carry security contexts (7.36; flags2 bit 0). */
    public static final long FUSE_SECURITY_CTX = 1L << 32;
    /** {@code FUSE_HAS_INODE_DAX}: per-inode DAX via {@code FUSE_ATTR_DAX} (7.36). */
    public static final long FUSE_HAS_INODE_DAX = 1L << 33;
    /** {@code FUSE_CREATE_SUPP_GROUP}: create-type requests may carry a supplementary group (7.38). */
    public static final long FUSE_CREATE_SUPP_GROUP = 1L << 34;
    /** {@code FUSE_HAS_EXPIRE_ONLY}: the kernel supports {@code FUSE_EXPIRE_ONLY} entry invalidation (7.38). */
    public static final long FUSE_HAS_EXPIRE_ONLY = 1L << 35;
    /** {@code FUSE_DIRECT_IO_ALLOW_MMAP}: shared mmap allowed on {@code FOPEN_DIRECT_IO} files (7.39). */
    public static final long FUSE_DIRECT_IO_ALLOW_MMAP = 1L << 36;
    /**
     * {@code FUSE_DIRECT_IO_RELAX}: obsolete alias of {@link #FUSE_DIRECT_IO_ALLOW_MMAP} (7.39).
     *
     * @deprecated use {@link #FUSE_DIRECT_IO_ALLOW_MMAP}
     */
    @Deprecated
    public static final long FUSE_DIRECT_IO_RELAX = FUSE_DIRECT_IO_ALLOW_MMAP;
    /** {@code FUSE_PASSTHROUGH}: passthrough I/O to backing files (7.40). */
    public static final long FUSE_PASSTHROUGH = 1L << 37;
    /** {@code FUSE_NO_EXPORT_SUPPORT}: explicitly disable export (NFS) support (7.40). */
    public static final long FUSE_NO_EXPORT_SUPPORT = 1L << 38;
    /** {@code FUSE_HAS_RESEND}: the kernel can resend pending requests, marking them with {@link Kernel#FUSE_UNIQUE_RESEND} (7.40). */
    public static final long FUSE_HAS_RESEND = 1L << 39;
    /** {@code FUSE_ALLOW_IDMAP}: allow idmapped mounts (7.41). */
    public static final long FUSE_ALLOW_IDMAP = 1L << 40;
    /** {@code FUSE_OVER_IO_URING}: the server supports FUSE over io_uring (7.42). */
    public static final long FUSE_OVER_IO_URING = 1L << 41;
    /** {@code FUSE_REQUEST_TIMEOUT}: the kernel times requests out; {@code fuse_init_out.request_timeout} is valid (7.43). */
    public static final long FUSE_REQUEST_TIMEOUT = 1L << 42;

    /** Names by bit position, for {@link #describe(long)}; aliases are left out. */
    private static final String[] NAMES = {
        "FUSE_ASYNC_READ", "FUSE_POSIX_LOCKS", "FUSE_FILE_OPS", "FUSE_ATOMIC_O_TRUNC",
        "FUSE_EXPORT_SUPPORT", "FUSE_BIG_WRITES", "FUSE_DONT_MASK", "FUSE_SPLICE_WRITE",
        "FUSE_SPLICE_MOVE", "FUSE_SPLICE_READ", "FUSE_FLOCK_LOCKS", "FUSE_HAS_IOCTL_DIR",
        "FUSE_AUTO_INVAL_DATA", "FUSE_DO_READDIRPLUS", "FUSE_READDIRPLUS_AUTO", "FUSE_ASYNC_DIO",
        "FUSE_WRITEBACK_CACHE", "FUSE_NO_OPEN_SUPPORT", "FUSE_PARALLEL_DIROPS",
        "FUSE_HANDLE_KILLPRIV", "FUSE_POSIX_ACL", "FUSE_ABORT_ERROR", "FUSE_MAX_PAGES",
        "FUSE_CACHE_SYMLINKS", "FUSE_NO_OPENDIR_SUPPORT", "FUSE_EXPLICIT_INVAL_DATA",
        "FUSE_MAP_ALIGNMENT", "FUSE_SUBMOUNTS", "FUSE_HANDLE_KILLPRIV_V2", "FUSE_SETXATTR_EXT",
        "FUSE_INIT_EXT", "FUSE_INIT_RESERVED", "FUSE_SECURITY_CTX", "FUSE_HAS_INODE_DAX",
        "FUSE_CREATE_SUPP_GROUP", "FUSE_HAS_EXPIRE_ONLY", "FUSE_DIRECT_IO_ALLOW_MMAP",
        "FUSE_PASSTHROUGH", "FUSE_NO_EXPORT_SUPPORT", "FUSE_HAS_RESEND", "FUSE_ALLOW_IDMAP",
        "FUSE_OVER_IO_URING", "FUSE_REQUEST_TIMEOUT",
    };

    /**
     * The 64-bit capability word of an INIT message.
     *
     * @param flags the {@code flags} field
     * @param flags2 the {@code flags2} field (0 unless {@link #FUSE_INIT_EXT} is set)
     * @return {@code flags} in bits 0..31 and {@code flags2} in bits 32..63
     */
    public static long combine(int flags, int flags2) {
        return Integer.toUnsignedLong(flags) | ((long) flags2 << 32);
    }

    /**
     * The {@code flags} field of a capability word.
     *
     * @param flags a capability word
     * @return bits 0..31
     */
    public static int low(long flags) {
        return (int) flags;
    }

    /**
     * The {@code flags2} field of a capability word.
     *
     * @param flags a capability word
     * @return bits 32..63, shifted down
     */
    public static int high(long flags) {
        return (int) (flags >>> 32);
    }

    /**
     * Renders the set bits of a capability word for debug logs, e.g.
     * {@code "FUSE_ASYNC_READ|FUSE_BIG_WRITES|0x800000000000"}; bits without a name are shown
     * together as one hexadecimal term, and 0 as {@code "0"}.
     *
     * @param flags a capability word
     * @return the names of the set bits joined by {@code '|'}
     */
    public static String describe(long flags) {
        return BitNames.describe(flags, NAMES);
    }
}
