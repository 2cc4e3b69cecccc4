package dev.panamafuse.protocol;

/**
 * The unsolicited notification codes of {@code enum fuse_notify_code} (protocol 7.45). A server
 * sends a notification as a {@code fuse_out_header} whose {@code unique} is 0 and whose
 * {@code error} field carries the code (positive), followed by the notification's struct.
 */
public enum NotifyCode {
    /** {@code FUSE_NOTIFY_POLL}: wake a poll waiter; body {@code fuse_notify_poll_wakeup_out} (7.11). */
    POLL(1, 11),
    /** {@code FUSE_NOTIFY_INVAL_INODE}: invalidate cached inode data; {@code fuse_notify_inval_inode_out} (7.12). */
    INVAL_INODE(2, 12),
    /** {@code FUSE_NOTIFY_INVAL_ENTRY}: invalidate a cached directory entry; {@code fuse_notify_inval_entry_out} (7.12). */
    INVAL_ENTRY(3, 12),
    /** {@code FUSE_NOTIFY_STORE}: push data into the page cache; {@code fuse_notify_store_out} (7.15). */
    STORE(4, 15),
    /** {@code FUSE_NOTIFY_RETRIEVE}: ask for cached data back; {@code fuse_notify_retrieve_out} (7.15). */
    RETRIEVE(5, 15),
    /** {@code FUSE_NOTIFY_DELETE}: a directory entry was deleted; {@code fuse_notify_delete_out} (7.18). */
    DELETE(6, 18),
    /** {@code FUSE_NOTIFY_RESEND}: ask the kernel to resend all pending requests; no body (7.40). */
    RESEND(7, 40),
    /** {@code FUSE_NOTIFY_INC_EPOCH}: increment the connection epoch, invalidating all dentries; no body (7.44). */
    INC_EPOCH(8, 44),
    /** {@code FUSE_NOTIFY_PRUNE}: ask the kernel to forget unused inodes; {@code fuse_notify_prune_out} (7.45). */
    PRUNE(9, 45);

    private static final NotifyCode[] BY_CODE = new NotifyCode[10];

    static {
        for (NotifyCode c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    private final int code;
    private final int since;

    NotifyCode(int code, int since) {
        this.code = code;
        this.since = since;
    }

    /**
     * The numeric code, written to {@code fuse_out_header.error}.
     *
     * @return the notification code
     */
    public int code() {
        return code;
    }

    /**
     * The protocol minor version (of major 7) that introduced this notification.
     *
     * @return the introducing minor
     */
    public int since() {
        return since;
    }

    /**
     * The kernel's name of the code, e.g. {@code "FUSE_NOTIFY_POLL"}.
     *
     * @return the name as spelled in {@code enum fuse_notify_code}
     */
    public String kernelName() {
        return "FUSE_NOTIFY_" + name();
    }

    /**
     * The notification code with the given value.
     *
     * @param code a notification code
     * @return the constant, or {@code null} if {@code code} is not a code of protocol 7.45
     */
    public static NotifyCode of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
