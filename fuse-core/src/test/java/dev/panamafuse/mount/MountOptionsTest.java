package dev.panamafuse.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("MountOptions")
class MountOptionsTest {

    private static MountOptions parse(String s) {
        return MountOptions.builder().parse(s).build();
    }

    /** Asserts that parsing fails with a message naming {@code name}. */
    private static IllegalArgumentException rejected(String options, String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(options));
        assertTrue(e.getMessage().contains(name), "message should name '" + name + "': " + e.getMessage());
        return e;
    }

    @Test
    @DisplayName("defaults")
    void defaults() {
        MountOptions o = MountOptions.defaults();
        assertEquals("panamafuse", o.kernel().fsName());
        assertNull(o.kernel().subtype());
        assertFalse(o.kernel().has(MountFlag.ALLOW_OTHER));
        assertFalse(o.kernel().has(MountFlag.DEFAULT_PERMISSIONS));
        assertFalse(o.kernel().has(MountFlag.READ_ONLY));
        assertTrue(o.kernel().has(MountFlag.NOSUID));
        assertTrue(o.kernel().has(MountFlag.NODEV));
        assertFalse(o.kernel().has(MountFlag.NOEXEC));
        assertFalse(o.kernel().has(MountFlag.NOATIME));
        assertFalse(o.kernel().has(MountFlag.SYNC));
        assertFalse(o.kernel().has(MountFlag.DIRSYNC));
        assertEquals(0, o.kernel().maxRead());
        assertEquals(0, o.kernel().blksize());
        assertEquals(1 << 20, o.maxWrite());
        assertEquals(1 << 20, o.maxReadahead());
        assertEquals(0, o.maxBackground());
        assertEquals(0, o.congestionThreshold());
        assertEquals(Duration.ofSeconds(1), o.entryTimeout());
        assertEquals(Duration.ofSeconds(1), o.attrTimeout());
        assertEquals(Duration.ZERO, o.negativeTimeout());
        assertEquals(Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors())), o.readers());
        assertEquals(64, o.maxInFlight());
        assertEquals(ThreadingPolicy.HYBRID, o.dispatch());
        assertEquals(Duration.ofSeconds(5), o.unmountGrace());
        assertFalse(o.debug());
        assertEquals(o.toString(), parse("").toString(), "an empty list changes nothing");
    }

    @Nested
    @DisplayName("parse")
    class Parse {
        @Test
        @DisplayName("every option name, at once")
        void everyOption() {
            MountOptions o = parse("ro,allow_other,default_permissions,suid,dev,noexec,noatime,sync,dirsync,debug,"
                    + "fsname=demo,subtype=hello,max_read=65536,blksize=4096,max_write=131072,"
                    + "max_readahead=262144,max_background=12,congestion_threshold=9,entry_timeout=2.5,"
                    + "attr_timeout=0,negative_timeout=0.25,readers=3,max_inflight=16,unmount_grace=1.5,dispatch=inline");
            assertTrue(o.kernel().has(MountFlag.READ_ONLY));
            assertTrue(o.kernel().has(MountFlag.ALLOW_OTHER));
            assertTrue(o.kernel().has(MountFlag.DEFAULT_PERMISSIONS));
            assertFalse(o.kernel().has(MountFlag.NOSUID));
            assertFalse(o.kernel().has(MountFlag.NODEV));
            assertTrue(o.kernel().has(MountFlag.NOEXEC));
            assertTrue(o.kernel().has(MountFlag.NOATIME));
            assertTrue(o.kernel().has(MountFlag.SYNC));
            assertTrue(o.kernel().has(MountFlag.DIRSYNC));
            assertTrue(o.debug());
            assertEquals("demo", o.kernel().fsName());
            assertEquals("hello", o.kernel().subtype());
            assertEquals(65536, o.kernel().maxRead());
            assertEquals(4096, o.kernel().blksize());
            assertEquals(131072, o.maxWrite());
            assertEquals(262144, o.maxReadahead());
            assertEquals(12, o.maxBackground());
            assertEquals(9, o.congestionThreshold());
            assertEquals(Duration.ofMillis(2500), o.entryTimeout());
            assertEquals(Duration.ZERO, o.attrTimeout());
            assertEquals(Duration.ofMillis(250), o.negativeTimeout());
            assertEquals(3, o.readers());
            assertEquals(16, o.maxInFlight());
            assertEquals(Duration.ofMillis(1500), o.unmountGrace());
            assertEquals(ThreadingPolicy.INLINE, o.dispatch());
        }

        @Test
        @DisplayName("the opposite flags: rw, nosuid, nodev, exec, atime, async")
        void oppositeFlags() {
            MountOptions o = parse("ro,suid,dev,noexec,noatime,sync,rw,nosuid,nodev,exec,atime,async");
            // rw, nosuid, nodev, no noexec, no noatime, no sync: the defaults exactly
            assertEquals(java.util.EnumSet.of(MountFlag.NOSUID, MountFlag.NODEV), o.kernel().flags());
        }

        @Test
        @DisplayName("later options win; empty entries are ignored")
        void laterWinsAndEmptyIgnored() {
            MountOptions o = parse(",,fsname=a,,fsname=b,");
            assertEquals("b", o.kernel().fsName());
        }

        @Test
        @DisplayName("durations take fractions down to nanoseconds")
        void fractions() {
            assertEquals(Duration.ofNanos(1), parse("attr_timeout=0.000000001").attrTimeout());
            assertEquals(Duration.ofSeconds(3600), parse("entry_timeout=3600").entryTimeout());
        }

        @Test
        @DisplayName("\\, keeps a comma inside a value: the whole value reaches the option")
        void escapedComma() {
            // fsname does not allow commas, so the escaped comma reaches fsname and is refused there,
            // instead of splitting the list into "fsname=a" and an unknown option "b"
            IllegalArgumentException e = rejected("fsname=a\\,b", "fsname");
            assertTrue(e.getMessage().contains("a,b"), e.getMessage());
            assertFalse(e.getMessage().contains("unknown"), e.getMessage());
        }

        @Test
        @DisplayName("\\\\ is a backslash; a trailing backslash stays")
        void escapedBackslash() {
            assertEquals("a\\b", parse("fsname=a\\\\b").kernel().fsName());
            assertEquals("ab", parse("fsname=a\\b").kernel().fsName());
            assertEquals("ab\\", parse("fsname=ab\\").kernel().fsName());
        }
    }

    @Nested
    @DisplayName("errors name the option")
    class Errors {
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"bogus", "bogus=1", "allow-other", "RO", "fsname2=x"})
        @DisplayName("unknown option")
        void unknown(String option) {
            IllegalArgumentException e = rejected("ro," + option + ",rw", option);
            assertTrue(e.getMessage().contains("unknown"), e.getMessage());
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"ro=1", "rw=0", "allow_other=yes", "default_permissions=1", "nosuid=", "dev=1",
            "noexec=1", "atime=1", "sync=1", "dirsync=1", "debug=true"})
        @DisplayName("flag given a value")
        void flagWithValue(String option) {
            rejected(option, option.substring(0, option.indexOf('=')));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"fsname", "fsname=", "subtype", "max_read", "blksize=", "max_write", "max_readahead",
            "max_background", "congestion_threshold", "entry_timeout", "attr_timeout=", "negative_timeout",
            "readers", "max_inflight=", "unmount_grace", "dispatch", "dispatch="})
        @DisplayName("value missing")
        void valueMissing(String option) {
            String name = option.endsWith("=") ? option.substring(0, option.length() - 1) : option;
            IllegalArgumentException e = rejected(option, name);
            assertTrue(e.getMessage().contains("value"), e.getMessage());
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"max_write=abc", "max_read=1.5", "readers=0x2", "max_inflight=9999999999",
            "blksize= 4096", "entry_timeout=soon", "attr_timeout=-1", "negative_timeout=NaN",
            "unmount_grace=Infinity", "entry_timeout=2000000000"})
        @DisplayName("bad number")
        void badNumber(String option) {
            rejected(option, option.substring(0, option.indexOf('=')));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "max_write=4095|max_write", "max_write=16777217|max_write", "max_read=-1|max_read",
            "blksize=1000|blksize", "blksize=256|blksize", "blksize=131072|blksize",
            "max_readahead=-1|max_readahead", "max_background=65536|max_background",
            "max_background=-1|max_background", "congestion_threshold=65536|congestion_threshold",
            "readers=0|readers", "readers=65|readers", "max_inflight=0|max_inflight",
            "max_inflight=4097|max_inflight", "dispatch=threads|dispatch", "fsname=a b|fsname", "subtype=x\ty|subtype"})
        @DisplayName("value out of range")
        void outOfRange(String option, String name) {
            rejected(option, name);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "max_read=4294967296|from 0 to 2147483647", "max_readahead=99999999999999999999|from 0 to 2147483647",
            "max_write=-9999999999|from 4096 to 16777216", "max_background=70000|from 0 to 65535",
            "max_inflight=9999999999|from 1 to 4096", "max_threads=0|from 1 to 4096", "readers=65|from 1 to 64",
            "attr_timeout=99999999999|from 0 to 1000000000 seconds", "entry_timeout=-1|from 0 to 1000000000 seconds",
            "unmount_grace=1e10|from 0 to 1000000000 seconds"})
        @DisplayName("a number too large or too small is out of range, with the range")
        void outOfRangeGivesTheRange(String option, String range) {
            IllegalArgumentException e = rejected(option, option);
            assertTrue(e.getMessage().contains("out of range"), e.getMessage());
            assertTrue(e.getMessage().contains(range), e.getMessage());
            assertFalse(e.getMessage().contains("not a"), e.getMessage());
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"max_read=1.5", "max_read=0x10", "max_read=12k", "attr_timeout=soon",
            "attr_timeout=NaN", "attr_timeout=Infinity"})
        @DisplayName("what is no number at all is said to be so")
        void notANumber(String option) {
            IllegalArgumentException e = rejected(option, option);
            assertTrue(e.getMessage().contains("not a"), e.getMessage());
        }

        @Test
        @DisplayName("the bounds themselves are accepted")
        void bounds() {
            MountOptions o = parse("max_write=4096,blksize=512,readers=64,max_inflight=4096,max_background=65535,"
                    + "congestion_threshold=0");
            assertEquals(4096, o.maxWrite());
            assertEquals(512, o.kernel().blksize());
            assertEquals(64, o.readers());
            assertEquals(4096, o.maxInFlight());
            assertEquals(65535, o.maxBackground());
            assertEquals(16 << 20, parse("max_write=16777216,blksize=65536").maxWrite());
        }

        @Test
        @DisplayName("builder setters check their values too")
        void builderSetters() {
            MountOptions.Builder b = MountOptions.builder();
            assertThrows(IllegalArgumentException.class, () -> b.entryTimeout(Duration.ofSeconds(-1)));
            assertThrows(IllegalArgumentException.class, () -> b.unmountGrace(Duration.ofNanos(-1)));
            assertThrows(IllegalArgumentException.class, () -> b.maxInFlight(0));
            assertThrows(IllegalArgumentException.class, () -> b.fsName(""));
            assertThrows(NullPointerException.class, () -> b.attrTimeout(null));
            assertNull(b.subtype(null).build().kernel().subtype());
        }
    }

    @Nested
    @DisplayName("toString")
    class ToString {
        @Test
        @DisplayName("the defaults round-trip")
        void defaults() {
            MountOptions d = MountOptions.defaults();
            assertEquals(d.toString(), parse(d.toString()).toString());
            assertTrue(d.toString().startsWith("fsname=panamafuse,"), d.toString());
        }

        @Test
        @DisplayName("auto_unmount and mount_method parse, default off/auto, and round-trip")
        void mountMethodAndAutoUnmount() {
            MountOptions d = MountOptions.defaults();
            assertEquals(MountMethod.AUTO, d.mountMethod());
            assertFalse(d.autoUnmount());
            for (MountMethod m : MountMethod.values()) {
                MountOptions o = parse("auto_unmount,mount_method=" + m.optionValue());
                assertEquals(m, o.mountMethod());
                assertTrue(o.autoUnmount());
                assertEquals(o.toString(), parse(o.toString()).toString());
                assertEquals(m, parse(o.toString()).mountMethod());
                assertEquals(m, MountOptions.builder().mountMethod(m).build().mountMethod());
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> parse("mount_method=sudo"));
            assertTrue(e.getMessage().contains("mount_method=sudo"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> parse("mount_method"));
            assertThrows(IllegalArgumentException.class, () -> parse("auto_unmount=yes"));
            assertThrows(NullPointerException.class, () -> MountOptions.builder().mountMethod(null));
        }

        @Test
        @DisplayName("every option set away from its default round-trips")
        void everything() {
            MountOptions o = parse("ro,allow_other,default_permissions,suid,dev,noexec,noatime,sync,dirsync,debug,"
                    + "fsname=demo,subtype=hello,max_read=65536,blksize=4096,max_write=131072,"
                    + "max_readahead=262144,max_background=12,congestion_threshold=9,entry_timeout=2.5,"
                    + "attr_timeout=0,negative_timeout=0.000000001,readers=3,max_inflight=16,unmount_grace=1.5,dispatch=virtual");
            String s = o.toString();
            MountOptions back = parse(s);
            assertEquals(s, back.toString());
            assertEquals(o.kernel().fsName(), back.kernel().fsName());
            assertEquals(o.kernel().subtype(), back.kernel().subtype());
            assertEquals(o.kernel().has(MountFlag.READ_ONLY), back.kernel().has(MountFlag.READ_ONLY));
            assertEquals(o.kernel().has(MountFlag.ALLOW_OTHER), back.kernel().has(MountFlag.ALLOW_OTHER));
            assertEquals(o.kernel().has(MountFlag.DEFAULT_PERMISSIONS), back.kernel().has(MountFlag.DEFAULT_PERMISSIONS));
            assertEquals(o.kernel().has(MountFlag.NOSUID), back.kernel().has(MountFlag.NOSUID));
            assertEquals(o.kernel().has(MountFlag.NODEV), back.kernel().has(MountFlag.NODEV));
            assertEquals(o.kernel().has(MountFlag.NOEXEC), back.kernel().has(MountFlag.NOEXEC));
            assertEquals(o.kernel().has(MountFlag.NOATIME), back.kernel().has(MountFlag.NOATIME));
            assertEquals(o.kernel().has(MountFlag.SYNC), back.kernel().has(MountFlag.SYNC));
            assertEquals(o.kernel().has(MountFlag.DIRSYNC), back.kernel().has(MountFlag.DIRSYNC));
            assertEquals(o.debug(), back.debug());
            assertEquals(o.kernel().maxRead(), back.kernel().maxRead());
            assertEquals(o.kernel().blksize(), back.kernel().blksize());
            assertEquals(o.maxWrite(), back.maxWrite());
            assertEquals(o.maxReadahead(), back.maxReadahead());
            assertEquals(o.maxBackground(), back.maxBackground());
            assertEquals(o.congestionThreshold(), back.congestionThreshold());
            assertEquals(o.entryTimeout(), back.entryTimeout());
            assertEquals(o.attrTimeout(), back.attrTimeout());
            assertEquals(o.negativeTimeout(), back.negativeTimeout());
            assertEquals(o.readers(), back.readers());
            assertEquals(ThreadingPolicy.VIRTUAL, back.dispatch());
            assertEquals(o.maxInFlight(), back.maxInFlight());
            assertEquals(o.unmountGrace(), back.unmountGrace());
        }

        @Test
        @DisplayName("a backslash in fsname or subtype round-trips")
        void backslash() {
            MountOptions o = MountOptions.builder().fsName("a\\b").subtype("c\\").build();
            MountOptions back = parse(o.toString());
            assertEquals("a\\b", back.kernel().fsName());
            assertEquals("c\\", back.kernel().subtype());
        }
    }
}
