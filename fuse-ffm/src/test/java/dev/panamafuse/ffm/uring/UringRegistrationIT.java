package dev.panamafuse.ffm.uring;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.panamafuse.Errno;
import dev.panamafuse.ffm.internal.DirectMount;
import dev.panamafuse.ffm.internal.Libc;
import dev.panamafuse.ffm.internal.LibcMount;
import dev.panamafuse.ffm.posix.DescriptorCalls;
import dev.panamafuse.ffm.posix.OpenFlags;
import dev.panamafuse.ffm.posix.ProcessIds;
import dev.panamafuse.mount.MountOptions;
import dev.panamafuse.protocol.DeviceStructs;
import dev.panamafuse.protocol.InitFlags;
import dev.panamafuse.protocol.MessageStructs;
import dev.panamafuse.protocol.OperationFlags;
import dev.panamafuse.protocol.ReplyStructs;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's side of FUSE over io_uring, driven by hand on a real mount — what the transport
 * builds on: INIT on {@code /dev/fuse} offers {@code FUSE_OVER_IO_URING} once
 * {@code enable_uring} is on, the reply accepts it, one entry per possible CPU's queue is
 * registered after the reply, a client's {@code stat(1)} then arrives as a completion with the
 * {@code fuse_in_header} in the entry's header buffer, the reply committed with
 * {@code COMMIT_AND_FETCH} reaches the client, and unmounting completes the waiting entries with
 * {@code ENOTCONN}. Needs root (it mounts with {@code mount(2)} and switches the module parameter
 * on for the test, restoring it after).
 */
class UringRegistrationIT {
    private static final Path ENABLE = Path.of("/sys/module/fuse/parameters/enable_uring");
    private static final int GETATTR = 3;
    private static final int INIT = 26;
    private static final long USER_DATA = off(IoUringAbi.IO_URING_SQE128, "user_data");

    @TempDir
    Path dir;

    private static long off(StructLayout layout, String... path) {
        java.lang.foreign.MemoryLayout.PathElement[] p = new java.lang.foreign.MemoryLayout.PathElement[path.length];
        for (int i = 0; i < path.length; i++) {
            p[i] = groupElement(path[i]);
        }
        return layout.byteOffset(p);
    }

    @Test
    void aStatArrivesOverTheRingAndItsCommittedReplyReachesTheClient() throws Exception {
        assumeTrue(ProcessIds.geteuid() == 0, "mount(2) and the module parameter need root");
        String before = Files.readString(ENABLE).trim();
        Files.writeString(ENABLE, "Y");
        Path mnt = Files.createDirectory(dir.resolve("mnt"));
        int fd = Libc.open("/dev/fuse", OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC);
        List<Thread> queues = new java.util.ArrayList<>();
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        boolean mounted = false;
        try (Arena arena = Arena.ofShared()) {
            DirectMount.mount(fd, mnt, MountOptions.defaults());
            mounted = true;
            int maxWrite = 128 * 1024;
            answerInit(fd, arena, maxWrite);
            int possible = possibleCpus();
            CountDownLatch registered = new CountDownLatch(possible);
            for (int q = 0; q < possible; q++) {
                int qid = q;
                Thread t = Thread.ofPlatform().daemon().name("uring-q" + q).start(() -> serveQueue(fd, qid, maxWrite, arena,
                        registered, seen));
                queues.add(t);
            }
            assertTrue(registered.await(10, TimeUnit.SECONDS), "every queue submitted its REGISTER");
            Process stat = new ProcessBuilder("stat", "-c", "%a %h %s", mnt.toString()).redirectErrorStream(true)
                    .start();
            assertTrue(stat.waitFor(20, TimeUnit.SECONDS), "stat returned (the ring answered)");
            String out = new String(stat.getInputStream().readAllBytes()).trim();
            assertEquals("755 2 4096", out, "the attributes the ring reply carried");
            assertTrue(seen.contains("GETATTR 1"), "GETATTR of the root came over the ring: " + seen);
        } finally {
            if (mounted) {
                LibcMount.umount2(mnt.toString(), LibcMount.MNT_DETACH);
            }
            for (Thread t : queues) {
                t.join(10_000);
            }
            DescriptorCalls.close(fd);
            Files.writeString(ENABLE, before);
        }
        for (Thread t : queues) {
            assertTrue(!t.isAlive(), t.getName() + " ended with the mount");
        }
        assertTrue(seen.stream().filter(s -> s.equals("end " + (-Errno.ENOTCONN.code()))).count() >= 1,
                "unmounting completed the waiting entries with ENOTCONN: " + seen);
    }

    /** Reads INIT from the device and answers it with FUSE_OVER_IO_URING (which the kernel must offer). */
    private static void answerInit(int fd, Arena arena, int maxWrite) throws Exception {
        MemorySegment in = arena.allocate((1 << 20) + 4096, 4096);
        int n = Libc.read(fd, in);
        assertTrue(n >= MessageStructs.FUSE_IN_HEADER.byteSize() + 16, "an INIT frame");
        assertEquals(INIT, in.get(JAVA_INT, off(MessageStructs.FUSE_IN_HEADER, "opcode")));
        long unique = in.get(JAVA_LONG, off(MessageStructs.FUSE_IN_HEADER, "unique"));
        long body = MessageStructs.FUSE_IN_HEADER.byteSize();
        long flags = InitFlags.combine(in.get(JAVA_INT, body + off(MessageStructs.FUSE_INIT_IN, "flags")),
                in.get(JAVA_INT, body + off(MessageStructs.FUSE_INIT_IN, "flags2")));
        assertTrue((flags & InitFlags.FUSE_OVER_IO_URING) != 0, "the kernel offers FUSE_OVER_IO_URING");

        StructLayout init = MessageStructs.FUSE_INIT_OUT;
        long len = MessageStructs.FUSE_OUT_HEADER.byteSize() + init.byteSize();
        MemorySegment out = arena.allocate(len);
        out.set(JAVA_INT, off(MessageStructs.FUSE_OUT_HEADER, "len"), (int) len);
        out.set(JAVA_LONG, off(MessageStructs.FUSE_OUT_HEADER, "unique"), unique);
        long o = MessageStructs.FUSE_OUT_HEADER.byteSize();
        long reply = InitFlags.FUSE_INIT_EXT | InitFlags.FUSE_MAX_PAGES | InitFlags.FUSE_OVER_IO_URING;
        out.set(JAVA_INT, o + off(init, "major"), 7);
        out.set(JAVA_INT, o + off(init, "minor"), 45);
        out.set(JAVA_INT, o + off(init, "flags"), InitFlags.low(reply));
        out.set(JAVA_INT, o + off(init, "flags2"), InitFlags.high(reply));
        out.set(JAVA_SHORT, o + off(init, "max_background"), (short) 16);
        out.set(JAVA_SHORT, o + off(init, "congestion_threshold"), (short) 12);
        out.set(JAVA_INT, o + off(init, "max_write"), maxWrite);
        out.set(JAVA_INT, o + off(init, "time_gran"), 1);
        out.set(JAVA_SHORT, o + off(init, "max_pages"), (short) (maxWrite / 4096));
        assertEquals(len, Libc.write(fd, out));
    }

    /** One queue: registers one entry after INIT, answers GETATTR and errs the rest, until ENOTCONN. */
    private static void serveQueue(int fd, int qid, int maxWrite, Arena arena, CountDownLatch registered,
            ConcurrentLinkedQueue<String> seen) {
        StructLayout hdr = DeviceStructs.FUSE_URING_REQ_HEADER;
        long inOut = off(hdr, "in_out");
        long commitIdAt = off(hdr, "ring_ent_in_out", "commit_id");
        long payloadSzAt = off(hdr, "ring_ent_in_out", "payload_sz");
        MemorySegment header = arena.allocate(hdr.byteSize(), 4096);
        MemorySegment payload = arena.allocate(Math.max(8192, maxWrite), 4096);
        MemorySegment iov = arena.allocate(IoUringAbi.IOVEC, 2);
        iov.set(JAVA_LONG, 0, header.address());
        iov.set(JAVA_LONG, 8, header.byteSize());
        iov.set(JAVA_LONG, 16, payload.address());
        iov.set(JAVA_LONG, 24, payload.byteSize());
        try (IoUring ring = IoUring.setup(4, IoUringAbi.IORING_SETUP_SQE128, 0)) {
            command(ring, fd, OperationFlags.IO_URING_CMD_REGISTER, qid, 0, iov);
            ring.submitAndWait(0);
            registered.countDown();
            while (true) {
                ring.submitAndWait(1);
                int res = ring.res(0);
                ring.consume(1);
                if (res != 0) {
                    seen.add("end " + res);
                    return;
                }
                int opcode = header.get(JAVA_INT, inOut + off(MessageStructs.FUSE_IN_HEADER, "opcode"));
                long unique = header.get(JAVA_LONG, inOut + off(MessageStructs.FUSE_IN_HEADER, "unique"));
                long nodeid = header.get(JAVA_LONG, inOut + off(MessageStructs.FUSE_IN_HEADER, "nodeid"));
                seen.add((opcode == GETATTR ? "GETATTR" : "op" + opcode) + " " + nodeid);
                header.asSlice(inOut, 16).fill((byte) 0);
                header.set(JAVA_LONG, inOut + off(MessageStructs.FUSE_OUT_HEADER, "unique"), unique);
                if (opcode == GETATTR) {
                    StructLayout attrOut = ReplyStructs.FUSE_ATTR_OUT;
                    payload.asSlice(0, attrOut.byteSize()).fill((byte) 0);
                    payload.set(JAVA_LONG, off(attrOut, "attr", "ino"), 1);
                    payload.set(JAVA_LONG, off(attrOut, "attr", "size"), 4096);
                    payload.set(JAVA_INT, off(attrOut, "attr", "mode"), 0040755);
                    payload.set(JAVA_INT, off(attrOut, "attr", "nlink"), 2);
                    header.set(JAVA_INT, payloadSzAt, (int) attrOut.byteSize());
                } else {
                    header.set(JAVA_INT, inOut + off(MessageStructs.FUSE_OUT_HEADER, "error"), -Errno.ENOSYS.code());
                    header.set(JAVA_INT, payloadSzAt, 0);
                }
                command(ring, fd, OperationFlags.IO_URING_CMD_COMMIT_AND_FETCH, qid,
                        header.get(JAVA_LONG, commitIdAt), MemorySegment.NULL);
            }
        } catch (Exception e) {
            seen.add("failed " + e);
        }
    }

    private static void command(IoUring ring, int fd, int cmdOp, int qid, long commitId, MemorySegment iov) {
        StructLayout sqe = IoUringAbi.IO_URING_SQE128;
        MemorySegment s = ring.nextSqe();
        s.set(JAVA_BYTE, off(sqe, "opcode"), (byte) IoUringAbi.IORING_OP_URING_CMD);
        s.set(JAVA_INT, off(sqe, "fd"), fd);
        s.set(JAVA_INT, off(sqe, "cmd_op"), cmdOp);
        if (iov.address() != 0) {
            s.set(JAVA_LONG, off(sqe, "addr"), iov.address());
            s.set(JAVA_INT, off(sqe, "len"), 2);
        }
        s.set(JAVA_LONG, USER_DATA, qid);
        long cmd = off(sqe, "cmd");
        StructLayout req = DeviceStructs.FUSE_URING_CMD_REQ;
        s.set(JAVA_LONG, cmd + off(req, "commit_id"), commitId);
        s.set(JAVA_SHORT, cmd + off(req, "qid"), (short) qid);
    }

    /** The number of possible CPUs, from {@code /sys/devices/system/cpu/possible} ("0-1", "0"). */
    private static int possibleCpus() throws Exception {
        String s = Files.readString(Path.of("/sys/devices/system/cpu/possible")).trim();
        int max = 0;
        for (String range : s.split(",")) {
            String[] ends = range.split("-");
            max = Math.max(max, Integer.parseInt(ends[ends.length - 1]));
        }
        return max + 1;
    }
}
