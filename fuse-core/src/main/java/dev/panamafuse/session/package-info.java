/**
 * Internal: the FUSE session. {@link dev.panamafuse.session.Session} runs the reader threads,
 * the INIT handshake, per-request virtual threads, interrupts and shutdown over a
 * {@link dev.panamafuse.session.FuseChannel} transport, using pooled
 * {@link dev.panamafuse.session.Slot}s. Exported only to {@code dev.panamafuse.ffm}.
 */
package dev.panamafuse.session;
