/**
 * The public API of panama-fuse: implement {@link dev.panamafuse.FileSystem}, mount it with
 * {@code dev.panamafuse.ffm.Fuse.mount(mountpoint, fs, options)} and close the returned
 * {@link dev.panamafuse.mount.FuseMount} to unmount.
 *
 * <p>Handlers fail requests with {@link dev.panamafuse.FuseException}; small replies are records
 * ({@link dev.panamafuse.Attr}, {@link dev.panamafuse.Entry}, {@link dev.panamafuse.OpenFile},
 * {@link dev.panamafuse.StatFs}); bulk data and directory listings go straight into the session's
 * off-heap buffers, whose views are valid only during the handler call.
 */
package dev.panamafuse;
