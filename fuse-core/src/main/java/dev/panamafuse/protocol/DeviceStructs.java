package dev.panamafuse.protocol;

import static dev.panamafuse.protocol.StructFields.chars;
import static dev.panamafuse.protocol.StructFields.struct;
import static dev.panamafuse.protocol.StructFields.u16;
import static dev.panamafuse.protocol.StructFields.u32;
import static dev.panamafuse.protocol.StructFields.u64;

import java.lang.foreign.StructLayout;

/**
 * Memory layouts of the structs of {@code include/uapi/linux/fuse.h} (protocol 7.45) that travel
 * outside the {@code read}/{@code write} message stream of {@code /dev/fuse}: the argument of the
 * backing-file ioctls and the FUSE-over-io_uring headers. See {@link StructFields} for the conventions.
 */
public final class DeviceStructs {

    private DeviceStructs() {
    }

    /**
     * {@code struct fuse_backing_map} (16 bytes): argument of
     * {@link Kernel#FUSE_DEV_IOC_BACKING_OPEN}, naming the backing file descriptor of a passthrough
     * open. Since 7.40.
     */
    public static final StructLayout FUSE_BACKING_MAP = struct("fuse_backing_map",
            u32("fd"), u32("flags"), u64("padding"));

    /**
     * {@code struct fuse_uring_ent_in_out} (32 bytes): per-entry part of a
     * {@code fuse_uring_req_header}; {@code commit_id} is echoed in the commit command and
     * {@code payload_sz} is the size of the payload buffer. Since 7.42.
     */
    public static final StructLayout FUSE_URING_ENT_IN_OUT = struct("fuse_uring_ent_in_out",
            u64("flags"), u64("commit_id"), u32("payload_sz"), u32("padding"), u64("reserved"));

    /**
     * {@code struct fuse_uring_req_header} (288 bytes): header of every io_uring request buffer:
     * {@code in_out} holds a {@code fuse_in_header} or {@code fuse_out_header}
     * ({@link Kernel#FUSE_URING_IN_OUT_HEADER_SZ} bytes), {@code op_in} the per-opcode struct
     * ({@link Kernel#FUSE_URING_OP_IN_OUT_SZ} bytes), then a nested
     * {@link #FUSE_URING_ENT_IN_OUT}. Since 7.42.
     */
    public static final StructLayout FUSE_URING_REQ_HEADER = struct("fuse_uring_req_header",
            chars(Kernel.FUSE_URING_IN_OUT_HEADER_SZ, "in_out"),
            chars(Kernel.FUSE_URING_OP_IN_OUT_SZ, "op_in"),
            FUSE_URING_ENT_IN_OUT.withName("ring_ent_in_out"));

    /**
     * {@code struct fuse_uring_cmd_req} (24 bytes): the command area of an io_uring submission
     * for {@code OperationFlags.IO_URING_CMD_*} commands; {@code qid} is the queue index. Since 7.42.
     */
    public static final StructLayout FUSE_URING_CMD_REQ = struct("fuse_uring_cmd_req",
            u64("flags"), u64("commit_id"), u16("qid"), chars(6, "padding"));
}
