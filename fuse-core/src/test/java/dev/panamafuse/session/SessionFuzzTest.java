package dev.panamafuse.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.panamafuse.Attr;
import dev.panamafuse.CreatedFile;
import dev.panamafuse.DirectoryFiller;
import dev.panamafuse.Entry;
import dev.panamafuse.FileLock;
import dev.panamafuse.FileSystem;
import dev.panamafuse.IoctlResult;
import dev.panamafuse.Mode;
import dev.panamafuse.OpenFile;
import dev.panamafuse.PollHandle;
import dev.panamafuse.Request;
import dev.panamafuse.SetAttr;
import dev.panamafuse.StatFs;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.protocol.Opcode;
import dev.panamafuse.testing.FakeChannel;
import dev.panamafuse.testing.Frames;
import dev.panamafuse.testing.LogCapture;
import dev.panamafuse.testing.ReplyView;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Feeds a session hundreds of thousands of mutated request frames (seeded, so a failure
 * reproduces: the seed and the frame's index are in the message) and checks what a kernel
 * relies on: every frame that needs a reply gets exactly one, no reply names a unique that was
 * not asked, {@code fuse_out_header.len} equals the bytes written (checked by
 * {@link FakeChannel#reply}), errors are negative errnos, the session still serves afterwards,
 * and nothing is logged with a stack trace (a trace means an exception escaped decoding or a
 * check the session should have made).
 *
 * <p>{@code -Dpfuse.fuzz.frames=N} and {@code -Dpfuse.fuzz.seed=S} change the run.
 */
@DisplayName("session fuzz: mutated frames over a fake channel")
class SessionFuzzTest {
    private static final int FRAMES = Integer.getInteger("pfuse.fuzz.frames", 300_000);
    private static final long SEED = Long.getLong("pfuse.fuzz.seed", 0x5eed_f00dL);
    private static final int BATCH = 2_000;
    private static final Duration T = Duration.ofSeconds(20);
    private static final long K45 = 0x7ff_7fff_fffbL;
    /** Opcodes the kernel sends, and some it never does. */
    private static final int[] OPCODES = opcodes();

    private static int[] opcodes() {
        List<Integer> all = new ArrayList<>();
        for (Opcode op : Opcode.values()) {
            all.add(op.code());
        }
        all.addAll(List.of(0, 19, 55, 99, 4095, 65536, -1, Integer.MAX_VALUE));
        return all.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    @DisplayName("one reply per frame that needs one, no unknown unique, the session alive, no stack trace")
    void mutatedFrames() throws Exception {
        FakeChannel channel = new FakeChannel();
        Session session = new Session(new AnswersAll(), channel, MountOptions.builder().readers(2).maxInFlight(16)
                .unmountGrace(Duration.ofSeconds(2)).build());
        try (LogCapture sessionLog = LogCapture.of(Session.class);
             LogCapture requestLog = LogCapture.of(RequestContext.class)) {
            session.start();
            channel.send(Frames.initExt(1, 7, 45, 128 << 10, K45));
            assertEquals(0, channel.reply(T).error());
            session.awaitInit(T);

            Random random = new Random(SEED);
            long start = System.nanoTime();
            long unique = 1000;
            int replies = 0;
            for (int base = 0; base < FRAMES; base += BATCH) {
                Set<Long> expected = new HashSet<>();
                Set<Long> maybe = new HashSet<>();
                for (int i = base; i < Math.min(FRAMES, base + BATCH); i++) {
                    unique++;
                    Mutated m = mutate(random, unique);
                    switch (m.expect) {
                        case ONE -> expected.add(m.unique);
                        case AT_MOST_ONE -> maybe.add(m.unique);
                        case NONE -> { }
                    }
                    channel.send(m.bytes);
                }
                int needed = expected.size();
                Set<Long> seen = new HashSet<>();
                long deadline = System.nanoTime() + T.toNanos();
                while (!seen.containsAll(expected)) {
                    if (System.nanoTime() > deadline) {
                        Set<Long> missing = new HashSet<>(expected);
                        missing.removeAll(seen);
                        fail("seed " + SEED + ", frames " + base + "..: no reply for " + missing.size()
                                + " frames, e.g. unique " + missing.iterator().next());
                    }
                    ReplyView r = channel.reply(T);
                    replies++;
                    long u = r.unique();
                    assertTrue(expected.contains(u) || maybe.contains(u),
                            () -> "seed " + SEED + ": a reply for unique " + u + " that needed none: " + r);
                    assertTrue(seen.add(u), () -> "seed " + SEED + ": two replies for unique " + u);
                    assertTrue(r.error() <= 0 && r.error() > -4096, () -> "seed " + SEED + ": bad error " + r);
                    if (seen.size() >= needed && seen.containsAll(expected)) {
                        break;
                    }
                }
                // the INTERRUPTs that found nothing to interrupt answer EAGAIN; collect those that came
                while (channel.repliesQueued() > 0) {
                    ReplyView r = channel.reply(T);
                    replies++;
                    assertTrue(maybe.contains(r.unique()) && seen.add(r.unique()),
                            () -> "seed " + SEED + ": unexpected reply " + r);
                }
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.println("session fuzz: " + FRAMES + " frames, " + replies + " replies in " + millis
                    + " ms (seed " + SEED + ")");

            assertTrue(session.isRunning(), "the session should still run");
            channel.send(Frames.request(Opcode.GETATTR.code(), 7, 1).zeros(16).build());
            ReplyView last = channel.reply(T);
            long deadline = System.nanoTime() + T.toNanos();
            while (last.unique() != 7 && System.nanoTime() < deadline) {
                last = channel.reply(T); // a late EAGAIN of an INTERRUPT
            }
            assertEquals(0, last.error(), last::toString);
            List<String> traces = new ArrayList<>(sessionLog.traces());
            traces.addAll(requestLog.traces());
            assertEquals(List.of(), traces, "stack traces were logged (seed " + SEED + ")");
        } finally {
            session.stop();
            channel.close();
            assertTrue(session.awaitEnd(T), "the session should end");
        }
    }

    private enum Expect { ONE, AT_MOST_ONE, NONE }

    private record Mutated(byte[] bytes, long unique, Expect expect) {
    }

    /** A frame built from random parts, then damaged: what the session must answer is worked out from the header. */
    private static Mutated mutate(Random r, long unique) {
        int opcode = OPCODES[r.nextInt(OPCODES.length)];
        long nodeid = switch (r.nextInt(5)) {
            case 0 -> 1;
            case 1 -> 2;
            case 2 -> 0;
            case 3 -> r.nextLong();
            default -> r.nextInt(100);
        };
        Frames.Request f = Frames.request(opcode, unique, nodeid).uid(r.nextInt(3) == 0 ? 0 : 1000).gid(1000)
                .pid(r.nextInt(100_000));
        int args = new int[] {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 104, 128, 160}[r.nextInt(14)];
        byte[] a = new byte[args];
        fill(r, a);
        f.put(a);
        if (r.nextBoolean()) {
            f.name(r.nextInt(4) == 0 ? "" : "n" + r.nextInt(50));
            if (r.nextBoolean()) {
                f.name("m" + r.nextInt(50));
            }
        }
        if (r.nextInt(4) == 0) {
            byte[] data = new byte[r.nextInt(5000)];
            fill(r, data);
            f.put(data);
        }
        byte[] bytes = f.build();
        // damage: flip bits, cut, stretch, lie in len or total_extlen
        int damage = r.nextInt(10);
        if (damage == 0 && bytes.length > 1) {
            bytes = java.util.Arrays.copyOf(bytes, r.nextInt(bytes.length));
        } else if (damage == 1) {
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(0, r.nextInt());
        } else if (damage == 2 && bytes.length >= 40) {
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(36, (short) r.nextInt(8));
        } else if (damage < 6) {
            for (int k = 0; k < 1 + r.nextInt(4); k++) {
                int at = 40 + r.nextInt(Math.max(1, bytes.length - 40));
                if (at < bytes.length) {
                    bytes[at] ^= (byte) (1 << r.nextInt(8));
                }
            }
        }
        if (r.nextInt(100) == 0 && bytes.length >= 16) {
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(8, 0); // unique 0: never answered
        }
        return new Mutated(bytes, peekUnique(bytes), expectation(bytes));
    }

    private static void fill(Random r, byte[] a) {
        for (int i = 0; i < a.length; i++) {
            // mostly small numbers, some extremes: what makes sizes and offsets interesting
            int k = r.nextInt(16);
            a[i] = k < 10 ? 0 : k < 12 ? (byte) 0xff : k < 13 ? (byte) 0x80 : (byte) r.nextInt(256);
        }
    }

    private static long peekUnique(byte[] b) {
        return b.length >= 16 ? ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(8) : 0;
    }

    /** What the session must answer, from the header alone, as a kernel would expect. */
    private static Expect expectation(byte[] b) {
        long unique = peekUnique(b);
        if (unique == 0) {
            return Expect.NONE;
        }
        ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        boolean wellFormed = b.length >= 40 && h.getInt(0) == b.length
                && 8L * Short.toUnsignedInt(h.getShort(36)) <= b.length - 40;
        if (!wellFormed) {
            return Expect.ONE; // answered EIO
        }
        Opcode op = Opcode.of(h.getInt(4));
        if (op == null) {
            return Expect.ONE; // ENOSYS
        }
        return switch (op) {
            case FORGET, BATCH_FORGET, NOTIFY_REPLY -> Expect.NONE;
            case INTERRUPT -> Expect.AT_MOST_ONE; // EAGAIN when nothing had that unique, else nothing
            default -> Expect.ONE;
        };
    }

    /** Answers every operation with something plausible, never waits, never fails on its own. */
    private static final class AnswersAll implements FileSystem {
        private static final Attr DIR = Attr.of(1, Mode.S_IFDIR | 0755, 2, 0, 0, 0, Instant.EPOCH);
        private static final Attr FILE = Attr.of(2, Mode.S_IFREG | 0644, 1, 0, 0, 4096, Instant.EPOCH);
        private static final byte[] DATA = new byte[65536];

        @Override
        public Entry lookup(Request req, long parent, String name) {
            return Entry.of(FILE);
        }

        @Override
        public Attr getattr(Request req, long nodeid, long fh) {
            return nodeid == 1 ? DIR : FILE;
        }

        @Override
        public Attr setattr(Request req, long nodeid, SetAttr changes) {
            return FILE;
        }

        @Override
        public String readlink(Request req, long nodeid) {
            return "target";
        }

        @Override
        public Entry mknod(Request req, long parent, String name, int mode, int rdev, int umask) {
            return Entry.of(FILE);
        }

        @Override
        public Entry mkdir(Request req, long parent, String name, int mode, int umask) {
            return Entry.of(DIR);
        }

        @Override
        public void unlink(Request req, long parent, String name) {
        }

        @Override
        public void rmdir(Request req, long parent, String name) {
        }

        @Override
        public Entry symlink(Request req, String target, long parent, String name) {
            return Entry.of(FILE);
        }

        @Override
        public void rename(Request req, long parent, String name, long newParent, String newName, int flags) {
        }

        @Override
        public Entry link(Request req, long nodeid, long newParent, String newName) {
            return Entry.of(FILE);
        }

        @Override
        public OpenFile open(Request req, long nodeid, int flags) {
            return OpenFile.of(7);
        }

        @Override
        public int read(Request req, long nodeid, long fh, long offset, MemorySegment dest) {
            int n = (int) Math.min(dest.byteSize(), DATA.length);
            MemorySegment.copy(MemorySegment.ofArray(DATA), 0, dest, 0, n);
            return n;
        }

        @Override
        public int write(Request req, long nodeid, long fh, long offset, MemorySegment data, int writeFlags) {
            return (int) data.byteSize();
        }

        @Override
        public void flush(Request req, long nodeid, long fh, long lockOwner) {
        }

        @Override
        public void release(Request req, long nodeid, long fh, int flags) {
        }

        @Override
        public void fsync(Request req, long nodeid, long fh, boolean datasync) {
        }

        @Override
        public OpenFile opendir(Request req, long nodeid, int flags) {
            return OpenFile.of(8);
        }

        @Override
        public void readdir(Request req, long nodeid, long fh, long offset, DirectoryFiller filler) {
            for (long i = Math.max(0, offset); i < 40 && filler.add("e" + i, 2, FILE.mode(), i + 1); i++) {
                // fill until full
            }
        }

        @Override
        public void readdirplus(Request req, long nodeid, long fh, long offset, DirectoryFiller filler) {
            for (long i = Math.max(0, offset); i < 40 && filler.add("e" + i, Entry.of(FILE), i + 1); i++) {
                // fill until full
            }
        }

        @Override
        public void releasedir(Request req, long nodeid, long fh) {
        }

        @Override
        public void fsyncdir(Request req, long nodeid, long fh, boolean datasync) {
        }

        @Override
        public StatFs statfs(Request req, long nodeid) {
            return StatFs.EMPTY;
        }

        @Override
        public void setxattr(Request req, long nodeid, String name, MemorySegment value, int flags, int extFlags) {
        }

        @Override
        public byte[] getxattr(Request req, long nodeid, String name) {
            return new byte[] {1, 2, 3};
        }

        @Override
        public List<String> listxattr(Request req, long nodeid) {
            return List.of("user.a", "user.b");
        }

        @Override
        public void removexattr(Request req, long nodeid, String name) {
        }

        @Override
        public void access(Request req, long nodeid, int mask) {
        }

        @Override
        public CreatedFile create(Request req, long parent, String name, int mode, int umask, int flags) {
            return new CreatedFile(Entry.of(FILE), OpenFile.of(9));
        }

        @Override
        public FileLock getlk(Request req, long nodeid, long fh, long owner, FileLock lock) {
            return new FileLock(lock.start(), lock.end(), FileLock.F_UNLCK, 0);
        }

        @Override
        public void setlk(Request req, long nodeid, long fh, long owner, FileLock lock, boolean sleep) {
        }

        @Override
        public void flock(Request req, long nodeid, long fh, long owner, int operation) {
        }

        @Override
        public long bmap(Request req, long nodeid, int blocksize, long block) {
            return block;
        }

        @Override
        public IoctlResult ioctl(Request req, long nodeid, long fh, int cmd, long arg, MemorySegment in, int outSize,
                int flags) {
            return new IoctlResult(0, new byte[Math.max(0, Math.min(outSize, 16))]);
        }

        @Override
        public int poll(Request req, long nodeid, long fh, PollHandle handle, int events) {
            return events & 5;
        }

        @Override
        public void fallocate(Request req, long nodeid, long fh, int mode, long offset, long length) {
        }

        @Override
        public long lseek(Request req, long nodeid, long fh, long offset, int whence) {
            return offset;
        }

        @Override
        public long copyFileRange(Request req, long nodeidIn, long fhIn, long offsetIn, long nodeidOut, long fhOut,
                long offsetOut, long length, int flags) {
            return Math.max(0, Math.min(length, 4096));
        }

        @Override
        public CreatedFile tmpfile(Request req, long parent, int mode, int umask, int flags) {
            return new CreatedFile(Entry.of(FILE), OpenFile.of(10));
        }

        @Override
        public void syncfs(Request req, long nodeid) {
        }
    }
}
