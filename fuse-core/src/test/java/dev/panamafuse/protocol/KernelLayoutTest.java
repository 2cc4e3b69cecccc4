package dev.panamafuse.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.StructLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Checks every struct layout of the protocol package against the sizes and offsets measured from
 * the C header of protocol 7.45 (gcc, x86_64), carried below as copied from
 * {@code fuse-kernel-7.45/layouts.tsv}.
 */
class KernelLayoutTest {

    /**
     * One struct per unindented line: C name and {@code sizeof}. The indented lines after it list
     * every field as {@code name offset size}, in declaration order; nested structs and arrays are
     * one field, a flexible array member has size 0.
     */
    private static final String MEASURED = """
            fuse_attr 88
                ino 0 8, size 8 8, blocks 16 8, atime 24 8, mtime 32 8, ctime 40 8, atimensec 48 4,
                mtimensec 52 4, ctimensec 56 4, mode 60 4, nlink 64 4, uid 68 4, gid 72 4, rdev 76 4,
                blksize 80 4, flags 84 4
            fuse_sx_time 16
                tv_sec 0 8, tv_nsec 8 4, __reserved 12 4
            fuse_statx 256
                mask 0 4, blksize 4 4, attributes 8 8, nlink 16 4, uid 20 4, gid 24 4, mode 28 2,
                __spare0 30 2, ino 32 8, size 40 8, blocks 48 8, attributes_mask 56 8, atime 64 16,
                btime 80 16, ctime 96 16, mtime 112 16, rdev_major 128 4, rdev_minor 132 4, dev_major 136 4,
                dev_minor 140 4, __spare2 144 112
            fuse_kstatfs 80
                blocks 0 8, bfree 8 8, bavail 16 8, files 24 8, ffree 32 8, bsize 40 4, namelen 44 4,
                frsize 48 4, padding 52 4, spare 56 24
            fuse_file_lock 24
                start 0 8, end 8 8, type 16 4, pid 20 4
            fuse_entry_out 128
                nodeid 0 8, generation 8 8, entry_valid 16 8, attr_valid 24 8, entry_valid_nsec 32 4,
                attr_valid_nsec 36 4, attr 40 88
            fuse_forget_in 8
                nlookup 0 8
            fuse_forget_one 16
                nodeid 0 8, nlookup 8 8
            fuse_batch_forget_in 8
                count 0 4, dummy 4 4
            fuse_getattr_in 16
                getattr_flags 0 4, dummy 4 4, fh 8 8
            fuse_attr_out 104
                attr_valid 0 8, attr_valid_nsec 8 4, dummy 12 4, attr 16 88
            fuse_statx_in 24
                getattr_flags 0 4, reserved 4 4, fh 8 8, sx_flags 16 4, sx_mask 20 4
            fuse_statx_out 288
                attr_valid 0 8, attr_valid_nsec 8 4, flags 12 4, spare 16 16, stat 32 256
            fuse_mknod_in 16
                mode 0 4, rdev 4 4, umask 8 4, padding 12 4
            fuse_mkdir_in 8
                mode 0 4, umask 4 4
            fuse_rename_in 8
                newdir 0 8
            fuse_rename2_in 16
                newdir 0 8, flags 8 4, padding 12 4
            fuse_link_in 8
                oldnodeid 0 8
            fuse_setattr_in 88
                valid 0 4, padding 4 4, fh 8 8, size 16 8, lock_owner 24 8, atime 32 8, mtime 40 8,
                ctime 48 8, atimensec 56 4, mtimensec 60 4, ctimensec 64 4, mode 68 4, unused4 72 4,
                uid 76 4, gid 80 4, unused5 84 4
            fuse_open_in 8
                flags 0 4, open_flags 4 4
            fuse_create_in 16
                flags 0 4, mode 4 4, umask 8 4, open_flags 12 4
            fuse_open_out 16
                fh 0 8, open_flags 8 4, backing_id 12 4
            fuse_release_in 24
                fh 0 8, flags 8 4, release_flags 12 4, lock_owner 16 8
            fuse_flush_in 24
                fh 0 8, unused 8 4, padding 12 4, lock_owner 16 8
            fuse_read_in 40
                fh 0 8, offset 8 8, size 16 4, read_flags 20 4, lock_owner 24 8, flags 32 4, padding 36 4
            fuse_write_in 40
                fh 0 8, offset 8 8, size 16 4, write_flags 20 4, lock_owner 24 8, flags 32 4, padding 36 4
            fuse_write_out 8
                size 0 4, padding 4 4
            fuse_statfs_out 80
                st 0 80
            fuse_fsync_in 16
                fh 0 8, fsync_flags 8 4, padding 12 4
            fuse_setxattr_in 16
                size 0 4, flags 4 4, setxattr_flags 8 4, padding 12 4
            fuse_getxattr_in 8
                size 0 4, padding 4 4
            fuse_getxattr_out 8
                size 0 4, padding 4 4
            fuse_lk_in 48
                fh 0 8, owner 8 8, lk 16 24, lk_flags 40 4, padding 44 4
            fuse_lk_out 24
                lk 0 24
            fuse_access_in 8
                mask 0 4, padding 4 4
            fuse_init_in 64
                major 0 4, minor 4 4, max_readahead 8 4, flags 12 4, flags2 16 4, unused 20 44
            fuse_init_out 64
                major 0 4, minor 4 4, max_readahead 8 4, flags 12 4, max_background 16 2,
                congestion_threshold 18 2, max_write 20 4, time_gran 24 4, max_pages 28 2,
                map_alignment 30 2, flags2 32 4, max_stack_depth 36 4, request_timeout 40 2, unused 42 22
            cuse_init_in 16
                major 0 4, minor 4 4, unused 8 4, flags 12 4
            cuse_init_out 72
                major 0 4, minor 4 4, unused 8 4, flags 12 4, max_read 16 4, max_write 20 4, dev_major 24 4,
                dev_minor 28 4, spare 32 40
            fuse_interrupt_in 8
                unique 0 8
            fuse_bmap_in 16
                block 0 8, blocksize 8 4, padding 12 4
            fuse_bmap_out 8
                block 0 8
            fuse_ioctl_in 32
                fh 0 8, flags 8 4, cmd 12 4, arg 16 8, in_size 24 4, out_size 28 4
            fuse_ioctl_iovec 16
                base 0 8, len 8 8
            fuse_ioctl_out 16
                result 0 4, flags 4 4, in_iovs 8 4, out_iovs 12 4
            fuse_poll_in 24
                fh 0 8, kh 8 8, flags 16 4, events 20 4
            fuse_poll_out 8
                revents 0 4, padding 4 4
            fuse_notify_poll_wakeup_out 8
                kh 0 8
            fuse_fallocate_in 32
                fh 0 8, offset 8 8, length 16 8, mode 24 4, padding 28 4
            fuse_in_header 40
                len 0 4, opcode 4 4, unique 8 8, nodeid 16 8, uid 24 4, gid 28 4, pid 32 4,
                total_extlen 36 2, padding 38 2
            fuse_out_header 16
                len 0 4, error 4 4, unique 8 8
            fuse_dirent 24
                ino 0 8, off 8 8, namelen 16 4, type 20 4, name 24 0
            fuse_direntplus 152
                entry_out 0 128, dirent 128 24
            fuse_notify_inval_inode_out 24
                ino 0 8, off 8 8, len 16 8
            fuse_notify_inval_entry_out 16
                parent 0 8, namelen 8 4, flags 12 4
            fuse_notify_delete_out 24
                parent 0 8, child 8 8, namelen 16 4, padding 20 4
            fuse_notify_store_out 24
                nodeid 0 8, offset 8 8, size 16 4, padding 20 4
            fuse_notify_retrieve_out 32
                notify_unique 0 8, nodeid 8 8, offset 16 8, size 24 4, padding 28 4
            fuse_notify_retrieve_in 40
                dummy1 0 8, offset 8 8, size 16 4, dummy2 20 4, dummy3 24 8, dummy4 32 8
            fuse_notify_prune_out 16
                count 0 4, padding 4 4, spare 8 8
            fuse_backing_map 16
                fd 0 4, flags 4 4, padding 8 8
            fuse_lseek_in 24
                fh 0 8, offset 8 8, whence 16 4, padding 20 4
            fuse_lseek_out 8
                offset 0 8
            fuse_copy_file_range_in 56
                fh_in 0 8, off_in 8 8, nodeid_out 16 8, fh_out 24 8, off_out 32 8, len 40 8, flags 48 8
            fuse_copy_file_range_out 8
                bytes_copied 0 8
            fuse_setupmapping_in 40
                fh 0 8, foffset 8 8, len 16 8, flags 24 8, moffset 32 8
            fuse_removemapping_in 4
                count 0 4
            fuse_removemapping_one 16
                moffset 0 8, len 8 8
            fuse_syncfs_in 8
                padding 0 8
            fuse_secctx 8
                size 0 4, padding 4 4
            fuse_secctx_header 8
                size 0 4, nr_secctx 4 4
            fuse_ext_header 8
                size 0 4, type 4 4
            fuse_supp_groups 4
                nr_groups 0 4, groups 4 0
            fuse_uring_ent_in_out 32
                flags 0 8, commit_id 8 8, payload_sz 16 4, padding 20 4, reserved 24 8
            fuse_uring_req_header 288
                in_out 0 128, op_in 128 128, ring_ent_in_out 256 32
            fuse_uring_cmd_req 24
                flags 0 8, commit_id 8 8, qid 16 2, padding 18 6
            """;

    private static final Class<?>[] LAYOUT_CLASSES = {
        MessageStructs.class, RequestStructs.class, ReplyStructs.class, NotifyStructs.class,
        DeviceStructs.class,
    };

    private record FieldRow(String name, long offset, long size) {
    }

    private record StructRow(String name, long size, List<FieldRow> fields) {
    }

    private static Map<String, StructRow> measured() {
        Map<String, StructRow> structs = new LinkedHashMap<>();
        StructRow current = null;
        for (String line : MEASURED.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0))) {
                String[] parts = line.trim().split(" ");
                current = new StructRow(parts[0], Long.parseLong(parts[1]), new ArrayList<>());
                assertNull(structs.put(current.name(), current), "duplicate " + current.name());
                continue;
            }
            for (String item : line.trim().split(",")) {
                String[] parts = item.trim().split(" ");
                current.fields().add(new FieldRow(parts[0], Long.parseLong(parts[1]),
                        Long.parseLong(parts[2])));
            }
        }
        return structs;
    }

    /** Every public StructLayout constant of the layout classes, by C struct name. */
    private static Map<String, StructLayout> declared() throws IllegalAccessException {
        Map<String, StructLayout> layouts = new TreeMap<>();
        for (Class<?> c : LAYOUT_CLASSES) {
            for (Field f : c.getDeclaredFields()) {
                int mod = f.getModifiers();
                if (f.getType() != StructLayout.class || !Modifier.isPublic(mod)) {
                    continue;
                }
                assertTrue(Modifier.isStatic(mod) && Modifier.isFinal(mod), f.toString());
                StructLayout layout = (StructLayout) f.get(null);
                String name = layout.name().orElseThrow(() -> new AssertionError(f + " unnamed"));
                assertEquals(name.toUpperCase(Locale.ROOT), f.getName(), "named after its struct");
                assertNull(layouts.put(name, layout), "struct declared twice: " + name);
            }
        }
        return layouts;
    }

    @Test
    void everyMeasuredStructIsDeclaredAndNothingElse() throws IllegalAccessException {
        assertEquals(new TreeMap<>(measured()).keySet(), declared().keySet());
    }

    @Test
    void sizesOffsetsAndFieldSizesMatchTheHeader() throws IllegalAccessException {
        Map<String, StructLayout> declared = declared();
        for (StructRow row : measured().values()) {
            StructLayout layout = declared.get(row.name());
            assertNotNull(layout, row.name());
            assertEquals(row.size(), layout.byteSize(), "sizeof(struct " + row.name() + ")");
            List<String> names = new ArrayList<>();
            for (MemoryLayout member : layout.memberLayouts()) {
                String where = row.name() + " member " + member;
                names.add(member.name().orElseThrow(() -> new AssertionError(where + " unnamed")));
            }
            assertEquals(row.fields().stream().map(FieldRow::name).toList(), names,
                    row.name() + " fields in declaration order");
            for (FieldRow field : row.fields()) {
                String what = row.name() + "." + field.name();
                assertEquals(field.offset(), StructFields.offset(layout, field.name()),
                        "offsetof " + what);
                assertEquals(field.size(),
                        layout.select(PathElement.groupElement(field.name())).byteSize(),
                        "sizeof " + what);
            }
        }
    }

    @Test
    void layoutsAreNaturallyAlignedWithoutHiddenPadding() throws IllegalAccessException {
        for (StructLayout layout : declared().values()) {
            String name = layout.name().orElseThrow();
            assertTrue(layout.byteAlignment() <= 8, name);
            assertEquals(0, layout.byteSize() % layout.byteAlignment(), name + " tail padding");
            assertNoPadding(layout, name);
        }
    }

    private static void assertNoPadding(GroupLayout group, String where) {
        for (MemoryLayout member : group.memberLayouts()) {
            if (member instanceof PaddingLayout) {
                fail(where + ": the 7.45 header pads explicitly, no padding layout expected");
            }
            if (member instanceof GroupLayout nested) {
                assertNoPadding(nested, where + "." + member.name().orElseThrow());
            }
        }
    }

    @Test
    void nestedStructsAreTheSharedLayouts() {
        assertNested(ReplyStructs.FUSE_ATTR, ReplyStructs.FUSE_ENTRY_OUT, "attr");
        assertNested(ReplyStructs.FUSE_ATTR, ReplyStructs.FUSE_ATTR_OUT, "attr");
        assertNested(ReplyStructs.FUSE_ENTRY_OUT, ReplyStructs.FUSE_DIRENTPLUS, "entry_out");
        assertNested(ReplyStructs.FUSE_DIRENT, ReplyStructs.FUSE_DIRENTPLUS, "dirent");
        assertNested(ReplyStructs.FUSE_FILE_LOCK, RequestStructs.FUSE_LK_IN, "lk");
        assertNested(ReplyStructs.FUSE_FILE_LOCK, ReplyStructs.FUSE_LK_OUT, "lk");
        assertNested(ReplyStructs.FUSE_KSTATFS, ReplyStructs.FUSE_STATFS_OUT, "st");
        assertNested(ReplyStructs.FUSE_STATX, ReplyStructs.FUSE_STATX_OUT, "stat");
        for (String t : new String[] {"atime", "btime", "ctime", "mtime"}) {
            assertNested(ReplyStructs.FUSE_SX_TIME, ReplyStructs.FUSE_STATX, t);
        }
        assertNested(DeviceStructs.FUSE_URING_ENT_IN_OUT, DeviceStructs.FUSE_URING_REQ_HEADER,
                "ring_ent_in_out");
    }

    private static void assertNested(StructLayout inner, StructLayout outer, String field) {
        assertEquals(inner.withName(field), outer.select(PathElement.groupElement(field)),
                outer.name().orElseThrow() + "." + field);
    }

    @Test
    void nameOffsetsAndCompatSizesFollowFromTheLayouts() {
        assertEquals(Kernel.FUSE_NAME_OFFSET, StructFields.offset(ReplyStructs.FUSE_DIRENT, "name"));
        assertEquals(Kernel.FUSE_NAME_OFFSET, ReplyStructs.FUSE_DIRENT.byteSize());
        assertEquals(Kernel.FUSE_NAME_OFFSET_DIRENTPLUS,
                StructFields.offset(ReplyStructs.FUSE_DIRENTPLUS, "dirent", "name"));
        assertEquals(Kernel.FUSE_NAME_OFFSET_DIRENTPLUS, ReplyStructs.FUSE_DIRENTPLUS.byteSize());
        // Each compat size is the offset where the fields added later begin.
        assertEquals(Kernel.FUSE_COMPAT_ENTRY_OUT_SIZE,
                StructFields.offset(ReplyStructs.FUSE_ENTRY_OUT, "attr", "blksize"));
        assertEquals(Kernel.FUSE_COMPAT_ATTR_OUT_SIZE,
                StructFields.offset(ReplyStructs.FUSE_ATTR_OUT, "attr", "blksize"));
        assertEquals(Kernel.FUSE_COMPAT_INIT_OUT_SIZE,
                StructFields.offset(MessageStructs.FUSE_INIT_OUT, "max_readahead"));
        assertEquals(Kernel.FUSE_COMPAT_22_INIT_OUT_SIZE,
                StructFields.offset(MessageStructs.FUSE_INIT_OUT, "time_gran"));
        assertEquals(Kernel.FUSE_COMPAT_SETXATTR_IN_SIZE,
                StructFields.offset(RequestStructs.FUSE_SETXATTR_IN, "setxattr_flags"));
        assertEquals(Kernel.FUSE_COMPAT_MKNOD_IN_SIZE,
                StructFields.offset(RequestStructs.FUSE_MKNOD_IN, "umask"));
        assertEquals(Kernel.FUSE_COMPAT_WRITE_IN_SIZE,
                StructFields.offset(RequestStructs.FUSE_WRITE_IN, "lock_owner"));
        assertEquals(Kernel.FUSE_COMPAT_STATFS_SIZE,
                StructFields.offset(ReplyStructs.FUSE_STATFS_OUT, "st", "frsize"));
        assertEquals(RequestStructs.FUSE_WRITE_IN.byteSize(),
                NotifyStructs.FUSE_NOTIFY_RETRIEVE_IN.byteSize());
        assertEquals(Kernel.FUSE_URING_IN_OUT_HEADER_SZ,
                StructFields.offset(DeviceStructs.FUSE_URING_REQ_HEADER, "op_in"));
    }

    @Test
    void recAlignRoundsUpToEightBytes() {
        assertEquals(0, Kernel.recAlign(0));
        assertEquals(24, Kernel.recAlign(24));
        assertEquals(32, Kernel.recAlign(25));
        assertEquals(32, Kernel.recAlign(Kernel.FUSE_NAME_OFFSET + 3));
    }
}
