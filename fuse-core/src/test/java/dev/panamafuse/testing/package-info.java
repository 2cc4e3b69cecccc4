/**
 * The test kit shared by the tests of every module: {@link dev.panamafuse.testing.FakeChannel}
 * (an in-memory {@code /dev/fuse}), {@link dev.panamafuse.testing.FakeRing} (a transport that
 * owns its request memory, as FUSE over io_uring does),
 * {@link dev.panamafuse.testing.SessionHarness} (a session over a fake channel, started and
 * stopped per test), golden frames written as hex rows ({@link dev.panamafuse.testing.Frames}), a
 * reply as the kernel would read it ({@link dev.panamafuse.testing.ReplyView}), a capture of
 * expected log warnings ({@link dev.panamafuse.testing.LogCapture}), and a request from a given
 * user for calling a filesystem without a kernel ({@link dev.panamafuse.testing.TestRequest}).
 * Other modules' tests reach it through the test-jar {@code dev.panamafuse:fuse-core:tests},
 * which holds this package only.
 */
package dev.panamafuse.testing;
