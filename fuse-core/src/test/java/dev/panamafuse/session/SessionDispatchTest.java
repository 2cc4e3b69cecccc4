package dev.panamafuse.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.Attr;
import dev.panamafuse.Entry;
import dev.panamafuse.FileSystem;
import dev.panamafuse.Mode;
import dev.panamafuse.Request;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.mount.ThreadingPolicy;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.testing.FakeChannel;
import dev.panamafuse.testing.Frames;
import dev.panamafuse.testing.LogCapture;
import dev.panamafuse.testing.ReplyView;
import dev.panamafuse.testing.SessionHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The dispatch policies over a {@link FakeChannel} with several readers on cloned channels:
 * where each handler runs, and that every reply goes back through the clone that read its
 * request (the kernel drops it otherwise and the caller waits forever).
 */
@DisplayName("Session dispatch policies with several readers")
class SessionDispatchTest extends SessionHarness {
    private static final Attr FILE = Attr.of(2, Mode.S_IFREG | 0644, 1, 0, 0, 0, Instant.EPOCH);

    /** Records the thread each opcode ran on. */
    private static final class ThreadRecordingFs implements FileSystem {
        final Map<String, Thread> threads = new ConcurrentHashMap<>();

        @Override
        public Attr getattr(Request req, long nodeid, long fh) {
            threads.put("getattr", Thread.currentThread());
            return FILE;
        }

        @Override
        public Entry mkdir(Request req, long parent, String name, int mode, int umask) {
            threads.put("mkdir", Thread.currentThread());
            return Entry.of(Attr.of(3, Mode.S_IFDIR | 0755, 2, 0, 0, 0, Instant.EPOCH));
        }

        @Override
        public void fsync(Request req, long nodeid, long fh, boolean datasync) {
            threads.put("fsync", Thread.currentThread());
        }
    }

    private void mount(FileSystem fs, ThreadingPolicy dispatch) throws Exception {
        mount(fs, options().readers(4).dispatch(dispatch).build());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ThreadingPolicy.class)
    @DisplayName("500 requests spread over 4 readers are all answered, each through the clone that read it")
    void repliesGoBackThroughTheReadingClone(ThreadingPolicy dispatch) throws Exception {
        mount(new ThreadRecordingFs(), dispatch);
        int n = 500;
        for (int i = 0; i < n; i++) {
            channel.send(Frames.request(Opcode.GETATTR.code(), 100 + i, 2).zeros(16).build());
        }
        Set<Long> answered = new HashSet<>();
        for (int i = 0; i < n; i++) {
            ReplyView r = channel.reply(T);
            assertEquals(0, r.error(), r::toString);
            answered.add(r.unique());
        }
        assertEquals(n, answered.size());
        assertEquals(0, channel.misrouted(), "replies written to another clone than the reader's");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ThreadingPolicy.class)
    @DisplayName("a handler stuck forever, even on a reader, does not keep the session from ending")
    void stuckHandlerDoesNotHoldTheEnd(ThreadingPolicy dispatch) throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (LogCapture log = LogCapture.of(Session.class)) {
            start(new FileSystem() {
                @Override
                public Attr getattr(Request req, long nodeid, long fh) {
                    entered.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return FILE;
                }
            }, MountOptions.builder().readers(2).dispatch(dispatch).unmountGrace(Duration.ofMillis(200)).build());
            assertEquals(0, call(Frames.initExt(1, 7, 45, READAHEAD, K45)).error());
            session.awaitInit(T);
            channel.send(Frames.request(Opcode.GETATTR.code(), 5, 2).zeros(16).build());
            assertTrue(entered.await(5, TimeUnit.SECONDS), "handler entry");
            session.stop();
            channel.close();
            assertTrue(session.awaitEnd(T), "the session ends after the grace period");
            assertTrue(log.warned("still running"), log.warnings()::toString);
        } finally {
            release.countDown();
        }
        session = null;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ThreadingPolicy.class)
    @DisplayName("GETATTR and MKDIR run on a reader unless VIRTUAL; FSYNC, which may wait, only with INLINE")
    void whereHandlersRun(ThreadingPolicy dispatch) throws Exception {
        ThreadRecordingFs fs = new ThreadRecordingFs();
        mount(fs, dispatch);
        channel.send(Frames.request(Opcode.GETATTR.code(), 7, 2).zeros(16).build());
        assertEquals(0, channel.reply(T).error());
        channel.send(Frames.request(Opcode.MKDIR.code(), 8, 1).zeros(8).name("d").build());
        assertEquals(0, channel.reply(T).error());
        channel.send(Frames.request(Opcode.FSYNC.code(), 9, 2).zeros(16).build());
        assertEquals(0, channel.reply(T).error());
        for (String op : new String[] {"getattr", "mkdir"}) {
            Thread t = fs.threads.get(op);
            assertEquals(dispatch != ThreadingPolicy.VIRTUAL, t.getName().startsWith("fuse-reader-"), op + " " + t);
            assertEquals(dispatch == ThreadingPolicy.VIRTUAL, t.isVirtual(), op + " " + t);
        }
        Thread fsync = fs.threads.get("fsync");
        assertEquals(dispatch == ThreadingPolicy.INLINE, fsync.getName().startsWith("fuse-reader-"), fsync::toString);
        assertFalse(dispatch == ThreadingPolicy.INLINE && fsync.isVirtual(), fsync::toString);
    }
}
