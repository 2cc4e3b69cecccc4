package dev.panamafuse.examples.cli;

import dev.panamafuse.ffm.Fuse;
import dev.panamafuse.ffm.MountedFilesystem;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code panamafuse list}: the mounts of this binding, from {@code /proc/self/mountinfo}, each
 * with its state: {@code live}, {@code dead} (ENOTCONN: the server is gone) or
 * {@code unresponsive} (no answer within {@value #PROBE_SECONDS} s).
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List panama-fuse mounts (those panamafuse mount made, whatever their fsname and subtype; "
                + "type fuse.panamafuse; source panamafuse): mountpoint, source, type, options, "
                + "state (live, dead, unresponsive), tab-separated.")
final class ListCommand implements Callable<Integer> {
    /** How long the probes of all mounts may take together. */
    static final int PROBE_SECONDS = 2;

    @Spec
    CommandSpec spec;

    @Option(names = {"-a", "--all-fuse"}, description = "List every FUSE mount, not only panama-fuse's.")
    boolean allFuse;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<MountedFilesystem> listed = new ArrayList<>();
        try {
            List<MountedFilesystem> all = Fuse.mounts();
            Set<MountedFilesystem> recorded = MountRegistry.forThisUser().recorded(all);
            for (MountedFilesystem m : all) {
                if (allFuse ? m.isFuse() : m.isPanamaFuse() || recorded.contains(m)) {
                    listed.add(m);
                }
            }
        } catch (IOException e) {
            spec.commandLine().getErr().println("panamafuse: cannot read /proc/self/mountinfo: " + e.getMessage());
            return ExitCodes.OTHER;
        }
        // probe all at once, on daemon threads: a server that does not answer holds up only its own line
        List<CompletableFuture<String>> states = new ArrayList<>();
        for (MountedFilesystem m : listed) {
            CompletableFuture<String> state = new CompletableFuture<>();
            Thread.ofPlatform().daemon().name("panamafuse-probe").start(
                    () -> state.complete(Fuse.isDead(m.mountpoint()) ? "dead" : "live"));
            states.add(state);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PROBE_SECONDS);
        for (int i = 0; i < listed.size(); i++) {
            MountedFilesystem m = listed.get(i);
            out.println(m.mountpoint() + "\t" + m.source() + "\t" + m.type() + "\t" + m.options() + "\t"
                    + state(states.get(i), deadline));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String state(CompletableFuture<String> probe, long deadline) {
        try {
            return probe.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return "unresponsive";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unresponsive";
        } catch (ExecutionException e) {
            return "live";
        }
    }
}
