package dev.panamafuse.session;

import dev.panamafuse.Request;
import dev.panamafuse.codec.RequestFrame;
import dev.panamafuse.protocol.Opcode;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The {@link Request} of one slot, reset for every frame; interrupts arrive from the reader thread. */
final class RequestContext implements Request {
    private static final System.Logger LOG = System.getLogger(RequestContext.class.getName());

    private long unique;
    private Opcode opcode;
    private long nodeid;
    private int uid;
    private int gid;
    private int pid;
    private volatile boolean interrupted;
    private boolean active;
    private List<Runnable> callbacks;

    void reset(RequestFrame frame, Opcode op) {
        this.opcode = op;
        this.nodeid = frame.nodeid();
        this.uid = frame.uid();
        this.gid = frame.gid();
        this.pid = frame.pid();
        synchronized (this) {
            this.unique = frame.unique();
            this.interrupted = false;
            this.callbacks = null;
            this.active = op.hasReply();
        }
    }

    /** Marks the request answered: an INTERRUPT for its unique no longer finds it. */
    synchronized void finished() {
        active = false;
    }

    /**
     * Interrupts this request if it is the one in flight with unique {@code target}.
     *
     * @param target the unique the kernel's INTERRUPT names
     * @return whether it was
     */
    boolean interruptIf(long target) {
        synchronized (this) {
            if (!active || unique != target) {
                return false;
            }
        }
        interrupt();
        return true;
    }

    Opcode opcode() {
        return opcode;
    }

    @Override
    public long unique() {
        return unique;
    }

    @Override
    public String operation() {
        return opcode.name();
    }

    @Override
    public long nodeid() {
        return nodeid;
    }

    @Override
    public int uid() {
        return uid;
    }

    @Override
    public int gid() {
        return gid;
    }

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public boolean isInterrupted() {
        return interrupted;
    }

    @Override
    public void onInterrupt(Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        synchronized (this) {
            if (!interrupted) {
                if (callbacks == null) {
                    callbacks = new ArrayList<>(2);
                }
                callbacks.add(callback);
                return;
            }
        }
        callback.run();
    }

    void interrupt() {
        List<Runnable> toRun;
        synchronized (this) {
            if (interrupted) {
                return;
            }
            interrupted = true;
            toRun = callbacks;
            callbacks = null;
        }
        if (toRun != null) {
            for (Runnable r : toRun) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "interrupt callback of " + opcode + " unique " + unique + " failed", e);
                }
            }
        }
    }
}
