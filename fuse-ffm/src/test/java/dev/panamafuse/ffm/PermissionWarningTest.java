package dev.panamafuse.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.FileSystem;
import dev.panamafuse.mount.MountOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

/** The warning {@code Fuse.mount} logs for {@code allow_other} without {@code default_permissions}. */
class PermissionWarningTest {
    private static final Path DIR = Path.of("/mnt/demo");

    /** A filesystem that leaves permissions to the kernel (the default). */
    private static final class Unchecked implements FileSystem {
    }

    /** A filesystem that declares it checks permissions itself. */
    private static final class Checked implements FileSystem {
        @Override
        public boolean checksPermissions() {
            return true;
        }
    }

    /** A System.Logger that keeps what it is given. */
    private static final class Recorder implements System.Logger {
        final List<String> messages = new ArrayList<>();

        @Override
        public String getName() {
            return "recorder";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            messages.add(level + " " + msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            messages.add(level + " " + format);
        }
    }

    private static List<String> warnings(FileSystem fs, String options) {
        Recorder log = new Recorder();
        boolean warned = PermissionWarning.check(DIR, fs, MountOptions.builder().parse(options).build(), log);
        assertEquals(warned, !log.messages.isEmpty(), log.messages.toString());
        return log.messages;
    }

    @Test
    void allowOtherWithoutDefaultPermissionsWarnsOnce() {
        List<String> w = warnings(new Unchecked(), "allow_other");
        assertEquals(1, w.size(), w.toString());
        String m = w.get(0);
        assertTrue(m.startsWith("WARNING "), m);
        for (String part : List.of(DIR.toString(), "allow_other", "default_permissions", Unchecked.class.getName(),
                "checksPermissions")) {
            assertTrue(m.contains(part), "'" + m + "' does not mention " + part);
        }
    }

    @Test
    void noWarningWithDefaultPermissions() {
        assertTrue(warnings(new Unchecked(), "allow_other,default_permissions").isEmpty());
    }

    @Test
    void noWarningWhenTheFilesystemChecksItself() {
        assertTrue(warnings(new Checked(), "allow_other").isEmpty());
    }

    @Test
    void noWarningWithoutAllowOther() {
        assertTrue(warnings(new Unchecked(), "rw").isEmpty());
        assertTrue(warnings(new Unchecked(), "allow_root").isEmpty());
    }

    @Test
    void theDefaultDeclaresNoChecks() {
        assertFalse(new Unchecked().checksPermissions());
    }
}
