/**
 * Internal: the definitions of the FUSE kernel protocol, major 7 minor 45, as declared by the
 * Linux header {@code include/uapi/linux/fuse.h}.
 *
 * <ul>
 *   <li>{@link dev.panamafuse.protocol.Opcode} and {@link dev.panamafuse.protocol.NotifyCode}:
 *       request opcodes and notification codes; each opcode names its request and reply struct;</li>
 *   <li>{@link dev.panamafuse.protocol.MessageStructs} (headers, INIT, request extensions),
 *       {@link dev.panamafuse.protocol.RequestStructs} (request bodies),
 *       {@link dev.panamafuse.protocol.ReplyStructs} (reply bodies and the structs nested in them),
 *       {@link dev.panamafuse.protocol.NotifyStructs} and
 *       {@link dev.panamafuse.protocol.DeviceStructs}: a {@code java.lang.foreign} struct layout per
 *       C struct, fields named as in C, built and read with
 *       {@link dev.panamafuse.protocol.StructFields}, whose {@code offset} the codec and the
 *       operation families derive their field offsets with (the few offsets read in more than
 *       one place sit next to their layout);</li>
 *   <li>{@link dev.panamafuse.protocol.Kernel}: versions, ids, compat sizes and device ioctls;</li>
 *   <li>{@link dev.panamafuse.protocol.InitFlags} (the INIT capabilities) and
 *       {@link dev.panamafuse.protocol.OperationFlags} (the flag fields of the operation structs,
 *       {@code FOPEN_*} and {@code FATTR_*} among them): the flag bits, each defined here once; the public API ({@code SetAttr},
 *       {@code OpenFile}, {@code Capability}) takes its numbers from them.</li>
 * </ul>
 *
 * <p>The layouts describe the x86_64 / aarch64 Linux ABI (natural alignment, native byte order);
 * the test suite checks every size and offset against numbers measured from the C header. This
 * package holds data only and makes no native call. It is not public API: the module exports it
 * only to {@code dev.panamafuse.ffm}.
 */
package dev.panamafuse.protocol;
