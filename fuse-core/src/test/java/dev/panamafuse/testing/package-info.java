/**
 * Test kit of the session tests: {@link dev.panamafuse.testing.FakeChannel} (an in-memory
 * {@code /dev/fuse}), {@link dev.panamafuse.testing.FakeRing} (a transport that owns its request
 * memory, as FUSE over io_uring does), {@link dev.panamafuse.testing.SessionHarness} (a session
 * over a fake channel, started and stopped per test), request frame builders
 * ({@link dev.panamafuse.testing.Frames}), reply views and log capture.
 */
package dev.panamafuse.testing;
