/**
 * Internal: the zero-copy codec. {@link dev.panamafuse.codec.RequestFrame} reads request frames
 * in place in the request buffer; {@link dev.panamafuse.codec.ReplyFrame} writes replies into the
 * reply buffer as iovecs. Every reply struct has one encoder here; the field offsets they write
 * are derived once from the layouts of {@code dev.panamafuse.protocol}, in the package-private
 * {@code ReplyOffsets}:
 *
 * <ul>
 *   <li>{@link dev.panamafuse.codec.AttrEncoder}: {@code fuse_attr}, {@code fuse_attr_out},
 *       {@code fuse_entry_out};</li>
 *   <li>{@link dev.panamafuse.codec.StatxEncoder}: {@code fuse_statx_out};</li>
 *   <li>{@link dev.panamafuse.codec.OpenEncoder}: {@code fuse_open_out};</li>
 *   <li>{@link dev.panamafuse.codec.StatfsEncoder}: {@code fuse_statfs_out};</li>
 *   <li>{@link dev.panamafuse.codec.FileLockCodec}: {@code fuse_file_lock} both ways and
 *       {@code fuse_lk_out};</li>
 *   <li>{@link dev.panamafuse.codec.ValueReply}: the one-number replies (write, lseek, bmap,
 *       poll, copy_file_range, the xattr size, the ioctl result);</li>
 *   <li>{@link dev.panamafuse.codec.DirentWriter}: {@code fuse_dirent} and
 *       {@code fuse_direntplus} records of a directory listing.</li>
 * </ul>
 *
 * <p>Request structs are decoded by the operation family that handles them
 * ({@code dev.panamafuse.session.ops}). Nothing here allocates on the heap per request except
 * where a handler's value must become bytes (names). Exported only to {@code dev.panamafuse.ffm}.
 */
package dev.panamafuse.codec;
