package dev.panamafuse.benchmarks.peers;

/**
 * The Linux errno values {@link PathTree} answers with; its operations return them negated, as
 * both bindings' path APIs expect.
 */
public final class Errnos {
    /** Operation not permitted. */
    public static final int EPERM = 1;
    /** No such file or directory. */
    public static final int ENOENT = 2;
    /** Permission denied. */
    public static final int EACCES = 13;
    /** Device or resource busy. */
    public static final int EBUSY = 16;
    /** File exists. */
    public static final int EEXIST = 17;
    /** Not a directory. */
    public static final int ENOTDIR = 20;
    /** Is a directory. */
    public static final int EISDIR = 21;
    /** Invalid argument. */
    public static final int EINVAL = 22;
    /** File too large. */
    public static final int EFBIG = 27;
    /** Directory not empty. */
    public static final int ENOTEMPTY = 39;

    private Errnos() {
    }
}
