package dev.panamafuse.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamafuse.OpenFile;
import java.time.Duration;
import java.util.EnumSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("MountOptions by concern: INIT, threading, cache, and the aggregate")
class OptionConcernsTest {

    private static MountOptions parse(String s) {
        return MountOptions.builder().parse(s).build();
    }

    private static String refusal(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"max_write=4095|4095", "max_background=65536|65536",
        "congestion_threshold=-1|-1", "readers=65|65", "max_inflight=0|0", "blksize=131072|131072"})
    @DisplayName("one error style: a setter refuses a value in the words the parser uses")
    void sameWords(String option, int value) {
        String name = option.substring(0, option.indexOf('='));
        Consumer<MountOptions.Builder> set = switch (name) {
            case "max_write" -> b -> b.maxWrite(value);
            case "max_background" -> b -> b.maxBackground(value);
            case "congestion_threshold" -> b -> b.congestionThreshold(value);
            case "readers" -> b -> b.readers(value);
            case "max_inflight" -> b -> b.maxInFlight(value);
            default -> b -> b.blksize(value);
        };
        String fromSetter = refusal(() -> set.accept(MountOptions.builder()));
        assertEquals(refusal(() -> parse(option)), fromSetter);
        assertTrue(fromSetter.startsWith("mount option '" + option + "': out of range, must be from "), fromSetter);
    }

    @Test
    @DisplayName("timeouts: the builder keeps the parser's range of 0 to 10^9 seconds")
    void timeoutRange() {
        assertEquals("mount option 'attr_timeout=1000000001': out of range, must be from 0 to 1000000000 seconds",
                refusal(() -> MountOptions.builder().attrTimeout(Duration.ofSeconds(1_000_000_001))));
        assertEquals("mount option 'unmount_grace=-0.5': out of range, must be from 0 to 1000000000 seconds",
                refusal(() -> MountOptions.builder().unmountGrace(Duration.ofMillis(-500))));
        assertEquals(Duration.ofSeconds(1_000_000_000),
                MountOptions.builder().entryTimeout(Duration.ofSeconds(1_000_000_000)).build().entryTimeout());
    }

    @Test
    @DisplayName("INIT: defaults, the builder's setters, and the shortcuts of MountOptions")
    void init() {
        InitOptions d = InitOptions.defaults();
        assertEquals(1 << 20, d.maxWrite());
        for (Capability c : Capability.values()) {
            assertEquals(c.defaultOn(), d.isEnabled(c), c::name);
        }
        MountOptions o = MountOptions.builder().enable(Capability.WRITEBACK_CACHE).disable(Capability.ASYNC_READ)
                .maxWrite(8192).maxReadahead(0).maxBackground(7).congestionThreshold(5).build();
        InitOptions i = o.init();
        EnumSet<Capability> caps = EnumSet.copyOf(d.capabilities());
        caps.add(Capability.WRITEBACK_CACHE);
        caps.remove(Capability.ASYNC_READ);
        assertEquals(new InitOptions(caps, 8192, 0, 7, 5), i);
        assertEquals(i.capabilities(), o.capabilities());
        assertTrue(o.isEnabled(Capability.WRITEBACK_CACHE));
        assertEquals(8192, o.maxWrite());
        assertEquals(0, o.maxReadahead());
        assertEquals(7, o.maxBackground());
        assertEquals(5, o.congestionThreshold());
        assertEquals(i, parse(i.toString()).init());
        assertThrows(UnsupportedOperationException.class, () -> i.capabilities().add(Capability.POSIX_ACL));
    }

    @Test
    @DisplayName("passthrough and writeback_cache: refused together at build, later options still win")
    void passthroughAndWriteback() {
        assertTrue(refusal(() -> parse("passthrough,writeback_cache")).contains("exclude each other"));
        MountOptions o = parse("passthrough,writeback_cache,no_passthrough");
        assertTrue(o.isEnabled(Capability.WRITEBACK_CACHE));
        assertFalse(o.isEnabled(Capability.PASSTHROUGH));
    }

    @Test
    @DisplayName("threading: threading= names the policy, dispatch= still works, the builder has both names")
    void threading() {
        assertEquals(ThreadingPolicy.VIRTUAL, parse("threading=virtual").dispatch());
        assertEquals(ThreadingPolicy.INLINE, parse("dispatch=inline").threading().policy());
        assertEquals(ThreadingPolicy.VIRTUAL, MountOptions.builder().threading(ThreadingPolicy.VIRTUAL).build().dispatch());
        assertEquals(ThreadingPolicy.INLINE, MountOptions.builder().dispatch(ThreadingPolicy.INLINE).build().dispatch());
        assertTrue(refusal(() -> parse("threading=threads")).contains("threading=threads"));
        assertTrue(refusal(() -> parse("threading")).contains("value"));
        MountOptions o = MountOptions.builder().threading(ThreadingPolicy.INLINE).readers(3).maxInFlight(9)
                .unmountGrace(Duration.ofMillis(250)).build();
        ThreadingOptions t = o.threading();
        assertEquals(new ThreadingOptions(ThreadingPolicy.INLINE, 3, 9, Duration.ofMillis(250)), t);
        assertEquals(3, o.readers());
        assertEquals(9, o.maxInFlight());
        assertEquals(Duration.ofMillis(250), o.unmountGrace());
        assertEquals("readers=3,threading=inline,max_inflight=9,unmount_grace=0.25", t.toString());
        assertEquals(t, parse(t.toString()).threading());
        assertThrows(NullPointerException.class, () -> MountOptions.builder().threading((ThreadingPolicy) null));
    }

    @Test
    @DisplayName("clone_fd: a reader per processor, at least 2 and within the readers range; clone_fd=1 is refused")
    void cloneFd() {
        int readers = parse("clone_fd").readers();
        assertEquals(Math.min(64, Math.max(2, Runtime.getRuntime().availableProcessors())), readers);
        assertTrue(refusal(() -> parse("clone_fd=1")).contains("takes no value"));
    }

    @Test
    @DisplayName("cache: timeouts, direct_io and kernel_cache as FOPEN bits, round trip")
    void cache() {
        CacheOptions d = CacheOptions.defaults();
        assertEquals(0, d.openFlags());
        MountOptions o = MountOptions.builder().entryTimeout(Duration.ZERO).attrTimeout(Duration.ofMillis(1500))
                .negativeTimeout(Duration.ofSeconds(3)).directIo(true).kernelCache(true).build();
        CacheOptions c = o.cache();
        assertEquals(new CacheOptions(Duration.ZERO, Duration.ofMillis(1500), Duration.ofSeconds(3), true, true), c);
        assertEquals(OpenFile.DIRECT_IO | OpenFile.KEEP_CACHE, o.openFlags());
        assertEquals(OpenFile.DIRECT_IO, parse("direct_io").openFlags());
        assertEquals(OpenFile.KEEP_CACHE, parse("kernel_cache").openFlags());
        assertEquals(Duration.ZERO, o.entryTimeout());
        assertEquals(Duration.ofMillis(1500), o.attrTimeout());
        assertEquals(Duration.ofSeconds(3), o.negativeTimeout());
        assertEquals("entry_timeout=0,attr_timeout=1.5,negative_timeout=3,direct_io,kernel_cache", c.toString());
        assertEquals(c, parse(c.toString()).cache());
        assertThrows(NullPointerException.class, () -> MountOptions.builder().attrTimeout(null));
        assertThrows(NullPointerException.class, () -> new CacheOptions(null, Duration.ZERO, Duration.ZERO, false,
                false));
    }

    @Test
    @DisplayName("the aggregate: equal when every part is equal, toString parses back to an equal value")
    void aggregate() {
        MountOptions o = parse("ro,allow_root,fsname=x,subtype=y,max_read=8192,blksize=1024,max_write=65536,"
                + "max_readahead=0,max_background=3,congestion_threshold=2,writeback_cache,no_async_read,"
                + "entry_timeout=0,attr_timeout=0.5,negative_timeout=2,direct_io,readers=5,threading=virtual,"
                + "max_inflight=8,unmount_grace=0,debug,auto_unmount,mount_method=fusermount");
        assertEquals(o, parse(o.toString()));
        assertEquals(o.hashCode(), parse(o.toString()).hashCode());
        assertEquals(MountOptions.defaults(), MountOptions.builder().build());
        assertFalse(o.equals(MountOptions.defaults()));
        assertTrue(MountOptions.defaults().unmountOnExit());
        assertFalse(MountOptions.builder().unmountOnExit(false).build().unmountOnExit());
        assertTrue(MountOptions.builder().debug(true).build().debug());
        assertEquals(o, o.toBuilder().build());
        assertEquals(parse(o + ",rw,max_write=8192"), o.toBuilder().readOnly(false).maxWrite(8192).build());
        assertEquals(MountOptions.defaults(), MountOptions.defaults().toBuilder().build());
        assertThrows(NullPointerException.class, () -> new MountOptions(null, InitOptions.defaults(),
                ThreadingOptions.defaults(), CacheOptions.defaults(), MountMethod.AUTO, false, true, false));
    }

    @Test
    @DisplayName("the kernel shortcuts of the builder")
    void kernelShortcuts() {
        KernelOptions k = MountOptions.builder().fsName("f").subtype("s").readOnly(true).blksize(512)
                .flag(MountFlag.DEFAULT_PERMISSIONS, true).flag(MountFlag.NODEV, false).build().kernel();
        assertEquals(new KernelOptions("f", "s", java.util.EnumSet.of(MountFlag.READ_ONLY, MountFlag.NOSUID,
                MountFlag.DEFAULT_PERMISSIONS), 0, 512), k);
    }

    @Test
    @DisplayName("the example of docs/library.md builds what it says")
    void libraryExample() {
        MountOptions options = MountOptions.builder()
                .fsName("demo")
                .flag(MountFlag.ALLOW_OTHER, true)
                .flag(MountFlag.DEFAULT_PERMISSIONS, true)
                .attrTimeout(Duration.ZERO)
                .directIo(true)
                .threading(ThreadingPolicy.VIRTUAL)
                .parse("max_write=131072")
                .build();
        assertEquals(parse("fsname=demo,allow_other,default_permissions,attr_timeout=0,direct_io,threading=virtual,"
                + "max_write=131072"), options);
    }
}
