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
    private List<Runnable> callbacks;

    void reset(RequestFrame frame, Opcode op) {
        this.unique = frame.unique();
        this.opcode = op;
        this.nodeid = frame.nodeid();
        this.uid = frame.uid();
        this.gid = frame.gid();
        this.pid = frame.pid();
        synchronized (this) {
            this.interrupted = false;
            this.callbacks = null;
        }
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
