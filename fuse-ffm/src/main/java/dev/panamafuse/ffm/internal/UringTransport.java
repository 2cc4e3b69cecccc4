package dev.panamafuse.ffm.internal;

import dev.panamafuse.mount.BackingFiles;
import dev.panamafuse.protocol.InitFlags;
import dev.panamafuse.session.FuseTransport;
import dev.panamafuse.session.ReplySink;
import dev.panamafuse.session.Slot;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * FUSE over io_uring: the {@code /dev/fuse} channel, on which INIT, {@code FORGET},
 * {@code INTERRUPT} and the notifications still travel, plus one {@link UringQueue} per possible
 * CPU, which carry every other request once INIT has agreed on {@code FUSE_OVER_IO_URING}.
 *
 * <p>While INIT is answered ({@link #initFlags}) it sets the queues up — rings, and
 * {@code depth} entries per queue with payload buffers of max(8192, {@code max_write},
 * {@code max_pages} pages) — and keeps the flag only when that worked and the kernel offered it;
 * else it logs one warning naming the cause and the mount serves over {@code /dev/fuse} alone.
 * Then the session runs one reader per queue besides the {@code /dev/fuse} reader
 * ({@link #readers}, {@link #forReader}); each queue's reader registers its entries on its first
 * receive, after the INIT reply, as the kernel requires. See {@code docs/io_uring.md}.
 */
public final class UringTransport implements FuseTransport {
    private static final System.Logger LOG = System.getLogger(UringTransport.class.getName());
    static final Path ENABLE_URING = Path.of("/sys/module/fuse/parameters/enable_uring");
    /** Ring entries per queue unless configured: libfuse's default. */
    public static final int DEFAULT_DEPTH = 8;
    private static final Path POSSIBLE_CPUS = Path.of("/sys/devices/system/cpu/possible");

    private final DevFuseChannel device;
    private final int depth;
    private final Arena arena = Arena.ofAuto();
    private final List<UringQueue> queues = new ArrayList<>();
    private int handedOut;

    /**
     * A transport over {@code device} that offers io_uring with {@code depth} entries per queue.
     *
     * @param device the mount's {@code /dev/fuse} channel
     * @param depth  ring entries per queue, at least 1
     */
    public UringTransport(DevFuseChannel device, int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("io_uring queue depth " + depth + ": at least 1");
        }
        this.device = device;
        this.depth = depth;
    }

    @Override
    public int receive(Slot slot) throws IOException {
        return device.receive(slot);
    }

    @Override
    public ReplySink notifications() {
        return device.notifications();
    }

    @Override
    public long initFlags(long flags, int maxWrite, int maxPages) {
        if ((flags & InitFlags.FUSE_OVER_IO_URING) == 0) {
            LOG.log(Level.WARNING, notOffered());
            return flags;
        }
        long payload = Math.max(8192, Math.max(maxWrite, (long) maxPages * 4096));
        try {
            int cpus = possibleCpus();
            for (int q = 0; q < cpus; q++) {
                queues.add(new UringQueue(q, device.fd(), device.notifications(), depth, payload, arena));
            }
            LOG.log(Level.DEBUG, () -> "io_uring: " + cpus + " queues of " + depth + " entries, "
                    + payload + "-byte payloads");
            return flags;
        } catch (IOException | RuntimeException e) {
            queues.forEach(UringQueue::close);
            queues.clear();
            LOG.log(Level.WARNING, "io_uring: the queues cannot be set up (" + e.getMessage()
                    + "): serving over /dev/fuse");
            return flags & ~InitFlags.FUSE_OVER_IO_URING;
        }
    }

    /** {@return whether the queues are set up: INIT agreed on io_uring} */
    public boolean active() {
        return !queues.isEmpty();
    }

    @Override
    public int readers(int configured) {
        return active() ? 1 + queues.size() : configured;
    }

    @Override
    public FuseTransport forReader() throws IOException {
        if (handedOut < queues.size()) {
            return queues.get(handedOut++);
        }
        return device.forReader();
    }

    @Override
    public BackingFiles backingFiles() {
        return device.backingFiles();
    }

    @Override
    public void close() {
        device.close();
    }

    @Override
    public String toString() {
        return "io_uring transport over " + device;
    }

    /** The warning when the kernel does not offer io_uring: the cause and the fix. */
    static String notOffered() {
        return "io_uring was asked for, but the kernel does not offer FUSE_OVER_IO_URING (" + kernelCause()
                + "): serving over /dev/fuse";
    }

    /** Why the kernel did not offer io_uring, with the fix. */
    static String kernelCause() {
        try {
            String v = Files.readString(ENABLE_URING).trim();
            if (v.equals("Y") || v.equals("1")) {
                return "enable_uring is on: the kernel refuses it for this connection";
            }
            return ENABLE_URING + " is " + v + "; as root: echo Y > " + ENABLE_URING;
        } catch (IOException e) {
            return "this kernel has no FUSE over io_uring (no " + ENABLE_URING + "; it needs Linux 6.14 with "
                    + "CONFIG_FUSE_IO_URING)";
        }
    }

    /** The number of possible CPUs, one queue each: {@code /sys/devices/system/cpu/possible} ("0-1", "0,2-3"). */
    static int possibleCpus() throws IOException {
        String s = Files.readString(POSSIBLE_CPUS).trim();
        int max = 0;
        for (String range : s.split(",")) {
            String[] ends = range.split("-");
            max = Math.max(max, Integer.parseInt(ends[ends.length - 1].trim()));
        }
        return max + 1;
    }
}
