package dev.panamafuse.protocol;

import static dev.panamafuse.protocol.StructFields.struct;
import static dev.panamafuse.protocol.StructFields.u32;
import static dev.panamafuse.protocol.StructFields.u64;

import java.lang.foreign.StructLayout;

/**
 * Memory layouts of the notification structs of {@code include/uapi/linux/fuse.h} (protocol
 * 7.45): the bodies a server writes after a {@link MessageStructs#FUSE_OUT_HEADER} whose {@code unique} is
 * 0 and whose {@code error} is a {@link NotifyCode}, plus {@code fuse_notify_retrieve_in}, the body
 * of the kernel's {@code FUSE_NOTIFY_REPLY}. See {@link StructFields} for the conventions.
 */
public final class NotifyStructs {

    private NotifyStructs() {
    }

    /**
     * {@code struct fuse_notify_poll_wakeup_out} (8 bytes): body of {@code FUSE_NOTIFY_POLL};
     * {@code kh} is the handle of a {@code fuse_poll_in}. Since 7.11.
     */
    public static final StructLayout FUSE_NOTIFY_POLL_WAKEUP_OUT =
            struct("fuse_notify_poll_wakeup_out", u64("kh"));

    /**
     * {@code struct fuse_notify_inval_inode_out} (24 bytes): body of
     * {@code FUSE_NOTIFY_INVAL_INODE}; a negative {@code off} invalidates attributes only, a
     * {@code len} of 0 or less means to the end of the file. Since 7.12.
     */
    public static final StructLayout FUSE_NOTIFY_INVAL_INODE_OUT =
            struct("fuse_notify_inval_inode_out", u64("ino"), u64("off"), u64("len"));

    /**
     * {@code struct fuse_notify_inval_entry_out} (16 bytes): body of
     * {@code FUSE_NOTIFY_INVAL_ENTRY}, followed by the name and a NUL. Since 7.12; {@code flags}
     * ({@link OperationFlags#EXPIRE_ONLY}) since 7.38, padding before.
     */
    public static final StructLayout FUSE_NOTIFY_INVAL_ENTRY_OUT =
            struct("fuse_notify_inval_entry_out", u64("parent"), u32("namelen"), u32("flags"));

    /**
     * {@code struct fuse_notify_delete_out} (24 bytes): body of {@code FUSE_NOTIFY_DELETE},
     * followed by the name and a NUL. Since 7.18.
     */
    public static final StructLayout FUSE_NOTIFY_DELETE_OUT =
            struct("fuse_notify_delete_out", u64("parent"), u64("child"), u32("namelen"),
                    u32("padding"));

    /**
     * {@code struct fuse_notify_store_out} (24 bytes): body of {@code FUSE_NOTIFY_STORE},
     * followed by {@code size} bytes of data. Since 7.15.
     */
    public static final StructLayout FUSE_NOTIFY_STORE_OUT =
            struct("fuse_notify_store_out", u64("nodeid"), u64("offset"), u32("size"),
                    u32("padding"));

    /**
     * {@code struct fuse_notify_retrieve_out} (32 bytes): body of {@code FUSE_NOTIFY_RETRIEVE};
     * {@code notify_unique} comes back as the {@code unique} of the kernel's
     * {@code FUSE_NOTIFY_REPLY}. Since 7.15.
     */
    public static final StructLayout FUSE_NOTIFY_RETRIEVE_OUT =
            struct("fuse_notify_retrieve_out", u64("notify_unique"), u64("nodeid"), u64("offset"),
                    u32("size"), u32("padding"));

    /**
     * {@code struct fuse_notify_retrieve_in} (40 bytes, the size of {@code fuse_write_in}): body
     * of the kernel's {@code FUSE_NOTIFY_REPLY}, followed by the retrieved data. Since 7.15.
     */
    public static final StructLayout FUSE_NOTIFY_RETRIEVE_IN =
            struct("fuse_notify_retrieve_in", u64("dummy1"), u64("offset"), u32("size"),
                    u32("dummy2"), u64("dummy3"), u64("dummy4"));

    /**
     * {@code struct fuse_notify_prune_out} (16 bytes): body of {@code FUSE_NOTIFY_PRUNE},
     * followed by {@code count} 64-bit node ids. Since 7.45.
     */
    public static final StructLayout FUSE_NOTIFY_PRUNE_OUT =
            struct("fuse_notify_prune_out", u32("count"), u32("padding"), u64("spare"));
}
