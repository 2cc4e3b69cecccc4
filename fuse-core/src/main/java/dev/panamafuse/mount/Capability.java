package dev.panamafuse.mount;

import dev.panamafuse.FileSystem;
import dev.panamafuse.OpenFile;
import dev.panamafuse.protocol.InitFlags;
import java.util.Locale;

/**
 * A capability of the FUSE connection that a filesystem can ask for through
 * {@link MountOptions.Builder#enable(Capability)} / {@link MountOptions.Builder#disable(Capability)}
 * or the {@code -o} option named by {@link #optionName()}. A capability is used only when the
 * kernel offers it too ({@link ConnectionInfo#flags()} tells what was agreed).
 *
 * <p>Defaults favour correctness: what changes caching or moves work from the kernel to the
 * filesystem is off until asked for.
 */
public enum Capability {
    /**
     * {@code FUSE_ASYNC_READ}: the kernel may send several reads of one file at once (readahead
     * in parallel). On by default; turn off ({@code sync_read}) for filesystems that need reads
     * in order.
     */
    ASYNC_READ(InitFlags.FUSE_ASYNC_READ),
    /**
     * {@code FUSE_WRITEBACK_CACHE}: the kernel buffers writes in the page cache and sends them
     * later in large batches; much faster small writes. Off by default: the kernel then trusts
     * its own size and mtime, so changes made behind the kernel's back (another client of the
     * backing store) are not seen, writes of a file opened write-only may turn into reads, and
     * errors surface at fsync or close rather than at write.
     */
    WRITEBACK_CACHE(InitFlags.FUSE_WRITEBACK_CACHE),
    /**
     * {@code FUSE_PARALLEL_DIROPS}: lookups and readdirs in one directory may run concurrently.
     * On by default; the filesystem must be thread-safe (every {@link FileSystem} must be).
     */
    PARALLEL_DIROPS(InitFlags.FUSE_PARALLEL_DIROPS),
    /**
     * {@code FUSE_DO_READDIRPLUS}: READDIRPLUS returns attributes with names, saving a LOOKUP per
     * entry for {@code ls -l}. Used only when the filesystem implements {@code readdirplus}; on
     * by default then, together with {@link #READDIRPLUS_AUTO}.
     */
    READDIRPLUS(InitFlags.FUSE_DO_READDIRPLUS),
    /**
     * {@code FUSE_READDIRPLUS_AUTO}: the kernel chooses per directory between READDIR and
     * READDIRPLUS (plus only while attributes are being asked for). Needs {@link #READDIRPLUS};
     * {@code readdirplus=yes} turns it off (always plus), {@code readdirplus=no} turns both off.
     */
    READDIRPLUS_AUTO(InitFlags.FUSE_READDIRPLUS_AUTO),
    /**
     * {@code FUSE_POSIX_ACL}: the kernel enforces POSIX ACLs stored in the
     * {@code system.posix_acl_*} xattrs and applies the umask itself only when there is no
     * default ACL. Off by default; the filesystem must store those xattrs.
     */
    POSIX_ACL(InitFlags.FUSE_POSIX_ACL),
    /**
     * {@code FUSE_CACHE_SYMLINKS}: the kernel caches symlink targets in the page cache. Off by
     * default: a target changed behind the kernel's back stays stale until invalidated.
     */
    CACHE_SYMLINKS(InitFlags.FUSE_CACHE_SYMLINKS),
    /**
     * {@code FUSE_AUTO_INVAL_DATA}: the kernel drops a file's cached pages when it sees its size
     * or mtime change in fresh attributes. On by default (cheap protection against stale data).
     */
    AUTO_INVAL_DATA(InitFlags.FUSE_AUTO_INVAL_DATA),
    /**
     * {@code FUSE_EXPLICIT_INVAL_DATA}: cached pages are dropped only when the filesystem says
     * so through a notification. Off by default: only for filesystems that send notifications.
     */
    EXPLICIT_INVAL_DATA(InitFlags.FUSE_EXPLICIT_INVAL_DATA),
    /**
     * {@code FUSE_HANDLE_KILLPRIV_V2}: the filesystem, not the kernel, clears set-user-id and
     * set-group-id on write, truncate and chown (flags on WRITE, SETATTR and OPEN tell when). Off
     * by default: the kernel then sends a SETATTR of the mode itself.
     */
    HANDLE_KILLPRIV_V2(InitFlags.FUSE_HANDLE_KILLPRIV_V2),
    /**
     * {@code FUSE_ATOMIC_O_TRUNC}: {@code open(O_TRUNC)} arrives as one OPEN with the flag
     * instead of a SETATTR of size 0 then OPEN. Off by default: the filesystem's {@code open}
     * must then truncate.
     */
    ATOMIC_O_TRUNC(InitFlags.FUSE_ATOMIC_O_TRUNC),
    /**
     * {@code FUSE_EXPORT_SUPPORT}: the filesystem answers LOOKUP of "." and ".." so the mount can
     * be exported over NFS. Off by default.
     */
    EXPORT_SUPPORT(InitFlags.FUSE_EXPORT_SUPPORT),
    /**
     * {@code FUSE_POSIX_LOCKS}: {@code fcntl} record locks go to the filesystem (visible to all
     * its clients) instead of staying in the local kernel. On when the filesystem implements
     * {@code getlk} and {@code setlk}; {@code no_remote_posix_lock} turns it off.
     */
    POSIX_LOCKS(InitFlags.FUSE_POSIX_LOCKS),
    /**
     * {@code FUSE_FLOCK_LOCKS}: {@code flock} locks go to the filesystem. On when it implements
     * {@code flock}; {@code no_remote_flock} turns it off.
     */
    FLOCK_LOCKS(InitFlags.FUSE_FLOCK_LOCKS),
    /**
     * {@code FUSE_NO_OPEN_SUPPORT}: an ENOSYS answer to OPEN means "no open needed": the kernel
     * stops sending OPEN and RELEASE. Off by default.
     */
    NO_OPEN_SUPPORT(InitFlags.FUSE_NO_OPEN_SUPPORT),
    /**
     * {@code FUSE_NO_OPENDIR_SUPPORT}: the same for OPENDIR and RELEASEDIR. Off by default.
     */
    NO_OPENDIR_SUPPORT(InitFlags.FUSE_NO_OPENDIR_SUPPORT),
    /**
     * {@code FUSE_DIRECT_IO_ALLOW_MMAP}: files opened with {@link OpenFile#DIRECT_IO} may still
     * be mapped with {@code mmap(MAP_SHARED)}. Off by default: the mapping goes through the page
     * cache, which direct I/O otherwise bypasses.
     */
    DIRECT_IO_ALLOW_MMAP(InitFlags.FUSE_DIRECT_IO_ALLOW_MMAP),
    /**
     * {@code FUSE_PASSTHROUGH} (7.40): open files may name a backing file, and the kernel then
     * reads and writes it directly ({@link BackingFiles}, {@link OpenFile#passthrough(long, int)}).
     * Off by default; a filesystem that uses it lists it in {@link FileSystem#capabilities()}.
     * Excludes {@link #WRITEBACK_CACHE} (the kernel turns passthrough off under writeback
     * caching); registering backing files needs {@code CAP_SYS_ADMIN}.
     */
    PASSTHROUGH(InitFlags.FUSE_PASSTHROUGH),
    /**
     * {@code FUSE_OVER_IO_URING} (7.42, option {@code io_uring}): requests travel through one
     * io_uring queue per CPU instead of {@code read(2)} and {@code writev(2)} on
     * {@code /dev/fuse}. Off by default. It needs a kernel with the {@code fuse} module parameter
     * {@code enable_uring} on; where the kernel does not offer it, or the rings cannot be set up,
     * the mount serves over {@code /dev/fuse} and logs one warning naming the cause. See
     * {@code docs/io_uring.md}.
     */
    IO_URING(InitFlags.FUSE_OVER_IO_URING);

    private final long flag;

    Capability(long flag) {
        this.flag = flag;
    }

    /** {@return the {@code FUSE_*} INIT bit (bits 32 and up travel in {@code flags2})} */
    public long flag() {
        return flag;
    }

    /** {@return the name of the {@code -o} option that turns it on: the constant's name in lower case, e.g. {@code async_read}} */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@return whether it is asked for unless disabled: whether {@link InitOptions#defaults()} enables it} */
    public boolean defaultOn() {
        return InitOptions.defaults().isEnabled(this);
    }
}
