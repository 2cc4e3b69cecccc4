package dev.panamafuse.protocol;

import static dev.panamafuse.protocol.StructFields.array;
import static dev.panamafuse.protocol.StructFields.struct;
import static dev.panamafuse.protocol.StructFields.u16;
import static dev.panamafuse.protocol.StructFields.u32;
import static dev.panamafuse.protocol.StructFields.u64;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.StructLayout;

/**
 * Memory layouts of the message-level structs of {@code include/uapi/linux/fuse.h} (protocol
 * 7.45): the request and reply headers, the INIT (and CUSE INIT) negotiation the session answers
 * itself, and the request extensions that follow a request's arguments. Request bodies are in
 * {@link RequestStructs}, reply bodies and the structs nested in them in {@link ReplyStructs},
 * notifications in {@link NotifyStructs} and the device-level structs in {@link DeviceStructs};
 * {@link StructFields} gives the conventions.
 */
public final class MessageStructs {

    private MessageStructs() {
    }

    // ---------------------------------------------------------------- headers

    /**
     * {@code struct fuse_in_header} (40 bytes): the header of every request read from the device.
     * {@code total_extlen} (length of the request extensions in 8-byte units) since 7.38; it was
     * padding before.
     */
    public static final StructLayout FUSE_IN_HEADER = struct("fuse_in_header",
            u32("len"), u32("opcode"), u64("unique"), u64("nodeid"),
            u32("uid"), u32("gid"), u32("pid"), u16("total_extlen"), u16("padding"));

    /**
     * {@code struct fuse_out_header} (16 bytes): the header of every reply and notification written
     * to the device; {@code error} is a negated errno, or a notification code when
     * {@code unique} is 0.
     */
    public static final StructLayout FUSE_OUT_HEADER = struct("fuse_out_header",
            u32("len"), u32("error"), u64("unique"));

    // ---------------------------------------------------------------- INIT

    /**
     * {@code struct fuse_init_in} (64 bytes): body of {@code FUSE_INIT}. {@code max_readahead} and
     * {@code flags} since 7.6; {@code flags2} (INIT flag bits 32..63) and the {@code unused}
     * reserve since 7.36, sent only when the kernel sets {@code FUSE_INIT_EXT} (the request body
     * is 16 bytes otherwise).
     */
    public static final StructLayout FUSE_INIT_IN = struct("fuse_init_in",
            u32("major"), u32("minor"), u32("max_readahead"), u32("flags"), u32("flags2"),
            array(11, JAVA_INT, "unused"));

    /**
     * {@code struct fuse_init_out} (64 bytes): reply to {@code FUSE_INIT}. {@code flags} and
     * {@code max_write} since 7.5 ({@link Kernel#FUSE_COMPAT_INIT_OUT_SIZE} before),
     * {@code max_readahead} 7.6, {@code max_background} and {@code congestion_threshold} 7.13,
     * {@code time_gran} and the reserve 7.23 ({@link Kernel#FUSE_COMPAT_22_INIT_OUT_SIZE} before),
     * {@code max_pages} 7.28, {@code map_alignment} 7.31, {@code flags2} 7.36,
     * {@code max_stack_depth} 7.40, {@code request_timeout} 7.43.
     */
    public static final StructLayout FUSE_INIT_OUT = struct("fuse_init_out",
            u32("major"), u32("minor"), u32("max_readahead"), u32("flags"),
            u16("max_background"), u16("congestion_threshold"), u32("max_write"), u32("time_gran"),
            u16("max_pages"), u16("map_alignment"), u32("flags2"), u32("max_stack_depth"),
            u16("request_timeout"), array(11, JAVA_SHORT, "unused"));

    /**
     * {@code struct cuse_init_in} (16 bytes): body of {@code CUSE_INIT} (CUSE, 7.11);
     * {@code flags} holds {@code CUSE_*} bits.
     */
    public static final StructLayout CUSE_INIT_IN = struct("cuse_init_in",
            u32("major"), u32("minor"), u32("unused"), u32("flags"));

    /**
     * {@code struct cuse_init_out} (72 bytes): reply to {@code CUSE_INIT}, followed by up to
     * {@link Kernel#CUSE_INIT_INFO_MAX} bytes of device info strings (CUSE, 7.11).
     */
    public static final StructLayout CUSE_INIT_OUT = struct("cuse_init_out",
            u32("major"), u32("minor"), u32("unused"), u32("flags"), u32("max_read"),
            u32("max_write"), u32("dev_major"), u32("dev_minor"), array(10, JAVA_INT, "spare"));

    // ---------------------------------------------------------------- request extensions

    /**
     * {@code struct fuse_secctx} (8 bytes): one security context of a create-type request,
     * followed by the context name and its value. Since 7.36 ({@code FUSE_SECURITY_CTX}).
     */
    public static final StructLayout FUSE_SECCTX = struct("fuse_secctx",
            u32("size"), u32("padding"));

    /**
     * {@code struct fuse_secctx_header} (8 bytes): count and total size of the
     * {@code fuse_secctx} entries that follow. Since 7.36.
     */
    public static final StructLayout FUSE_SECCTX_HEADER = struct("fuse_secctx_header",
            u32("size"), u32("nr_secctx"));

    /**
     * {@code struct fuse_ext_header} (8 bytes): header of one request extension; {@code size}
     * includes this header, {@code type} is above {@link OperationFlags#MAX_NR_SECCTX} (e.g.
     * {@link OperationFlags#EXT_GROUPS}). Since 7.38.
     */
    public static final StructLayout FUSE_EXT_HEADER = struct("fuse_ext_header",
            u32("size"), u32("type"));

    /**
     * {@code struct fuse_supp_groups} (4 bytes, then {@code nr_groups} 32-bit group ids): the
     * supplementary-group extension. The layout ends at the flexible array {@code groups}
     * (a zero-length member at offset 4). Since 7.38 ({@code FUSE_CREATE_SUPP_GROUP}).
     */
    public static final StructLayout FUSE_SUPP_GROUPS = struct("fuse_supp_groups",
            u32("nr_groups"), array(0, JAVA_INT, "groups"));
}
