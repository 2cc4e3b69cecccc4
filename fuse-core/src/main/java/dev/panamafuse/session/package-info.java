/**
 * Internal: the FUSE session, and the transport SPI it is served through. Exported only to
 * {@code dev.panamafuse.ffm}, whose transports implement the SPI; nothing here is API for users
 * of the library.
 *
 * <p>The transport SPI is three types: {@link dev.panamafuse.session.FuseTransport} delivers
 * requests into {@link dev.panamafuse.session.Slot}s (copied into the slot's own buffer, or bound
 * in place to the transport's memory), and each request is answered, like every kernel-bound
 * notification, through a {@link dev.panamafuse.session.ReplySink}. {@code /dev/fuse} with
 * {@code read(2)}/{@code writev(2)} is one transport; the javadoc of each type says how FUSE over
 * io_uring and virtio-fs implement it. docs/design.md ("Transports and the session") draws the
 * whole data path.
 *
 * <p>The session itself is a small coordinator, {@link dev.panamafuse.session.Session}, over one
 * class per job: the reader loop, the INIT handshake, interrupts, access checks, the request
 * runner, slot memory and backpressure, the notifier, and the lifecycle with its shutdown. The
 * per-operation code (the dispatcher and its families) reads each request through the slot's
 * views and writes its reply into the slot's reply frame, never touching a transport.
 */
package dev.panamafuse.session;
