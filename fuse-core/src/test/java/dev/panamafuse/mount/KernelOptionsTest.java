package dev.panamafuse.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("KernelOptions: the kernel's option string")
class KernelOptionsTest {

    private static KernelOptions parse(String s) {
        return MountOptions.builder().parse(s).build().kernel();
    }

    private static KernelOptions flagged(MountFlag f, boolean on) {
        return MountOptions.builder().flag(f, on).build().kernel();
    }

    @Test
    @DisplayName("mount(2) data: fd, rootmode in octal, owner, then the FUSE options in the kernel's names")
    void mountData() {
        assertEquals("fd=5,rootmode=40000,user_id=1000,group_id=100", KernelOptions.defaults().mountData(5, 1000, 100));
        assertEquals("fd=3,rootmode=40000,user_id=0,group_id=0,allow_other,default_permissions,max_read=65536,"
                + "blksize=4096", parse("ro,noexec,allow_other,default_permissions,max_read=65536,blksize=4096")
                .mountData(3, 0, 0), "mount flags are bits, not words");
        assertEquals("fd=3,rootmode=40000,user_id=0,group_id=0,allow_other", parse("allow_root").mountData(3, 0, 0),
                "allow_root reaches the kernel as allow_other");
        assertEquals("fd=3,rootmode=40000,user_id=0,group_id=0,allow_other",
                parse("allow_root,allow_other").mountData(3, 0, 0), "allow_other once");
    }

    @Test
    @DisplayName("fusermount3 -o: flags by name, the FUSE options, fsname, subtype, auto_unmount")
    void fusermountOptions() {
        assertEquals("rw,nosuid,nodev,fsname=panamafuse", KernelOptions.defaults().fusermountOptions(false));
        assertEquals("ro,nosuid,nodev,noexec,noatime,allow_other,default_permissions,max_read=65536,"
                + "fsname=src,subtype=demo,auto_unmount", parse("ro,allow_other,default_permissions,max_read=65536,"
                + "fsname=src,subtype=demo,noexec,noatime,attr_timeout=0").fusermountOptions(true));
        assertEquals("rw,suid,dev,sync,dirsync,allow_other,fsname=panamafuse",
                parse("suid,dev,sync,dirsync,allow_root").fusermountOptions(false));
    }

    @Test
    @DisplayName("type: fuse, or fuse.SUBTYPE")
    void type() {
        assertEquals("fuse", KernelOptions.defaults().type());
        assertEquals("fuse.demo", MountOptions.builder().subtype("demo").build().kernel().type());
    }

    @Test
    @DisplayName("the mount flags and the FUSE options are told apart")
    void mountFlagOrOption() {
        Set<MountFlag> fuse = EnumSet.of(MountFlag.ALLOW_OTHER, MountFlag.ALLOW_ROOT, MountFlag.DEFAULT_PERMISSIONS);
        for (MountFlag f : MountFlag.values()) {
            assertEquals(!fuse.contains(f), f.isMountFlag(), f::name);
        }
        assertTrue(flagged(MountFlag.ALLOW_ROOT, true).kernelAllowsOther());
        assertTrue(flagged(MountFlag.ALLOW_OTHER, true).kernelAllowsOther());
        assertFalse(KernelOptions.defaults().kernelAllowsOther());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MountFlag.class)
    @DisplayName("each flag: the builder's flag() turns it on and off, its names parse, toString round-trips")
    void eachFlag(MountFlag f) {
        KernelOptions on = flagged(f, true);
        KernelOptions off = flagged(f, false);
        assertTrue(on.has(f));
        assertFalse(off.has(f));
        assertEquals(on, parse(f.optionName()));
        assertEquals(on, parse(on.toString()));
        assertEquals(off, parse(off.toString()));
        if (f.oppositeName() != null) {
            assertEquals(off, parse(f.optionName() + "," + f.oppositeName()));
        }
        assertTrue(KernelOptions.defaults().has(f) == (f == MountFlag.NOSUID || f == MountFlag.NODEV), f::name);
    }

    @Test
    @DisplayName("the record is immutable and checks its values in its constructor")
    void checks() {
        EnumSet<MountFlag> flags = EnumSet.of(MountFlag.READ_ONLY);
        KernelOptions k = new KernelOptions("x", null, flags, 0, 0);
        flags.add(MountFlag.NOEXEC);
        assertFalse(k.has(MountFlag.NOEXEC), "a copy of the set");
        assertThrows(UnsupportedOperationException.class, () -> k.flags().add(MountFlag.SYNC));
        assertEquals("x", k.fsName());
        assertTrue(new KernelOptions("x", null, Set.of(), 0, 0).flags().isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KernelOptions("x", null, flags, 0, 1000));
        assertEquals("mount option 'blksize=1000': must be a power of two from 512 to 65536", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new KernelOptions("x", null, flags, -1, 0));
        assertEquals("mount option 'max_read=-1': out of range, must be from 0 to 2147483647", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new KernelOptions("x", "a,b", flags, 0, 0));
        assertEquals("mount option 'subtype=a,b': must be non-empty, without commas, spaces or control characters",
                e.getMessage());
        assertThrows(NullPointerException.class, () -> new KernelOptions(null, null, flags, 0, 0));
        assertThrows(NullPointerException.class, () -> new KernelOptions("x", null, null, 0, 0));
    }

    @Test
    @DisplayName("the builder refuses what the constructor refuses, in the same words, when the value is set")
    void builderChecks() {
        for (Runnable set : List.<Runnable>of(() -> MountOptions.builder().blksize(1000),
                () -> MountOptions.builder().maxRead(-1), () -> MountOptions.builder().subtype("a,b"))) {
            assertThrows(IllegalArgumentException.class, set::run);
        }
        assertEquals(assertThrows(IllegalArgumentException.class, () -> new KernelOptions("x", null, Set.of(), 0, 1000))
                .getMessage(), assertThrows(IllegalArgumentException.class, () -> MountOptions.builder().blksize(1000))
                .getMessage());
        assertThrows(NullPointerException.class, () -> MountOptions.builder().fsName(null));
        assertThrows(NullPointerException.class, () -> MountOptions.builder().flag(null, true));
    }

    @Test
    @DisplayName("toString starts with fsname and escapes a backslash")
    void text() {
        assertEquals("fsname=panamafuse,rw,nosuid,nodev", KernelOptions.defaults().toString());
        assertEquals("fsname=a\\\\b,subtype=c,ro,nosuid,nodev,allow_root,max_read=4096",
                MountOptions.builder().fsName("a\\b").subtype("c").readOnly(true).flag(MountFlag.ALLOW_ROOT, true)
                        .maxRead(4096).build().kernel().toString());
    }
}
