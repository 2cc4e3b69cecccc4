package dev.panamafuse.ffm.internal;

import dev.panamafuse.MountException;
import dev.panamafuse.MountException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Unmounting without privileges: runs {@code fusermount3 -u [-z] DIR} and reports its message. */
public final class FusermountUnmount {
    private static final long TIMEOUT_SECONDS = 30;

    private FusermountUnmount() {
    }

    /**
     * Runs {@code fusermount3 -u}.
     *
     * @param mountpoint the mountpoint
     * @param lazy       add {@code -z}
     * @throws MountException naming fusermount3's complaint
     */
    public static void run(Path mountpoint, boolean lazy) throws MountException {
        List<String> command = new ArrayList<>(List.of("fusermount3", "-u", "-q"));
        if (lazy) {
            command.add("-z");
        }
        command.add("--");
        command.add(mountpoint.toString());
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(
                    ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new MountException(Reason.FUSERMOUNT_MISSING, "cannot run fusermount3 (Debian package fuse3)"
                    + " to unmount " + mountpoint + ": " + e.getMessage(), e);
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new MountException(Reason.OTHER, "fusermount3 -u " + mountpoint + " did not finish");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                Reason reason = output.contains("not found in") || output.contains("not mounted")
                        ? Reason.NOT_MOUNTED : output.contains("busy") ? Reason.ALREADY_MOUNTED : Reason.OTHER;
                throw new MountException(reason, "unmounting " + mountpoint + " failed: "
                        + output.replace('\n', ' '));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new MountException(Reason.OTHER, "interrupted while unmounting " + mountpoint);
        } catch (IOException e) {
            throw new MountException(Reason.OTHER, "unmounting " + mountpoint + " failed: " + e.getMessage(), e);
        }
    }
}
