/*
 * memfs_ll: the in-memory filesystem the panama-fuse benchmarks mount through libfuse3's
 * low-level API, as the libfuse peer of the comparison (see ../README.md for the contract).
 *
 * The root holds /zero, a read-only file of --zero-size bytes whose reads are answered from one
 * static buffer of zeros, and whatever clients create. A node's address is its FUSE node id
 * (the root is FUSE_ROOT_ID). One rwlock guards the tree; reads of /zero take no lock.
 * Entry and attribute timeouts are 0; opens ask for neither direct_io nor keep_cache.
 *
 * This file: options, init and main. names.c: lookup, attributes and the namespace operations.
 * io.c: open files and directories, statfs. tree.c: the data structures.
 *
 *   memfs_ll [--zero-size BYTES[K|M|G|T]] [-s] [-o clone_fd] [-o OPTION...] MOUNTPOINT
 */
#define _GNU_SOURCE
#include "memfs.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
struct node *root;
uint64_t zero_size = 4ULL << 30;

static void ll_init(void *userdata, struct fuse_conn_info *conn)
{
	(void)userdata;
	conn->max_write = MIB;
	/* conn->max_readahead arrives as the kernel's offer, which is the most it accepts. */
	if (conn->capable & FUSE_CAP_ASYNC_READ)
		conn->want |= FUSE_CAP_ASYNC_READ;
	/* Asked for, but libfuse 3.14 leaves FUSE_PARALLEL_DIROPS out of its INIT reply. */
	if (conn->capable & FUSE_CAP_PARALLEL_DIROPS)
		conn->want |= FUSE_CAP_PARALLEL_DIROPS;
	conn->want &= ~FUSE_CAP_WRITEBACK_CACHE;
}

static const struct fuse_lowlevel_ops ops = {
	.init = ll_init,
	.lookup = ll_lookup,
	.forget = ll_forget,
	.forget_multi = ll_forget_multi,
	.getattr = ll_getattr,
	.setattr = ll_setattr,
	.mkdir = ll_mkdir,
	.unlink = ll_unlink,
	.rmdir = ll_rmdir,
	.rename = ll_rename,
	.create = ll_create,
	.open = ll_open,
	.read = ll_read,
	.write = ll_write,
	.flush = ll_ok,
	.release = ll_ok,
	.fsync = ll_fsync,
	.opendir = ll_opendir,
	.readdir = ll_readdir,
	.readdirplus = ll_readdirplus,
	.releasedir = ll_releasedir,
	.statfs = ll_statfs,
};

/* BYTES with an optional binary suffix K, M, G or T. 0 and *out, or -1. */
static int parse_size(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno != 0 || end == s || *s == '-')
		return -1;
	unsigned shift = 0;
	switch (*end) {
	case '\0': break;
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	case 't': case 'T': shift = 40; end++; break;
	default: return -1;
	}
	if (*end != '\0' || v > (unsigned long long)(INT64_MAX >> shift))
		return -1;
	*out = (uint64_t)v << shift;
	return 0;
}

static void usage(const char *prog)
{
	printf("usage: %s [--zero-size BYTES[K|M|G|T]] [options] MOUNTPOINT\n"
	       "  --zero-size BYTES  size of the read-only file /zero (default 4G)\n"
	       "  -s                 single-threaded; otherwise multi-threaded\n"
	       "  -o clone_fd        multi-threaded, one /dev/fuse descriptor per thread\n"
	       "Runs in the foreground until SIGINT/SIGTERM or an unmount.\n\n", prog);
	fuse_cmdline_help();
	fuse_lowlevel_help();
}

int main(int argc, char *argv[])
{
	/* Take --zero-size out before libfuse sees the arguments. */
	char **rest = calloc((size_t)argc + 1, sizeof(char *));
	int nrest = 0;
	if (rest == NULL)
		return 1;
	for (int i = 0; i < argc; i++) {
		const char *v = NULL;
		if (i > 0 && strcmp(argv[i], "--zero-size") == 0) {
			if (i + 1 >= argc) {
				fprintf(stderr, "memfs_ll: --zero-size needs a value\n");
				return 1;
			}
			v = argv[++i];
		} else if (i > 0 && strncmp(argv[i], "--zero-size=", 12) == 0) {
			v = argv[i] + 12;
		} else {
			rest[nrest++] = argv[i];
			continue;
		}
		if (parse_size(v, &zero_size) != 0) {
			fprintf(stderr, "memfs_ll: bad --zero-size: %s\n", v);
			return 1;
		}
	}

	struct fuse_args args = FUSE_ARGS_INIT(nrest, rest);
	struct fuse_cmdline_opts opts;
	if (fuse_parse_cmdline(&args, &opts) != 0)
		return 1;
	if (opts.show_help) {
		usage(argv[0]);
		return 0;
	}
	if (opts.show_version) {
		fuse_lowlevel_version();
		return 0;
	}
	if (opts.mountpoint == NULL) {
		fprintf(stderr, "usage: %s [--zero-size BYTES] [-s] [-o clone_fd] MOUNTPOINT\n", argv[0]);
		return 1;
	}

	root = node_new(S_IFDIR | 0755, getuid(), getgid());
	struct node *z = node_new(S_IFREG | 0444, getuid(), getgid());
	if (root == NULL || z == NULL || dir_insert(&root->dir, "zero", z) != 0) {
		fprintf(stderr, "memfs_ll: out of memory\n");
		return 1;
	}
	root->dir.parent = root;
	root->nlookup = 1; /* the kernel never forgets the root */
	z->is_zero = 1;
	z->st.st_size = (off_t)zero_size;

	/*
	 * libfuse installs its handlers only over SIG_DFL, and a shell starts background jobs with
	 * SIGINT ignored: without this reset such a server would not stop on SIGINT.
	 */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);

	int ret = 1;
	struct fuse_session *se = fuse_session_new(&args, &ops, sizeof(ops), NULL);
	if (se == NULL)
		goto out_args;
	if (fuse_set_signal_handlers(se) != 0)
		goto out_session;
	if (fuse_session_mount(se, opts.mountpoint) != 0)
		goto out_signals;
	if (opts.singlethread) {
		ret = fuse_session_loop(se);
	} else {
		struct fuse_loop_config *config = fuse_loop_cfg_create();
		if (config == NULL) {
			ret = -ENOMEM;
		} else {
			fuse_loop_cfg_set_clone_fd(config, (unsigned)opts.clone_fd);
			if (opts.max_idle_threads != UINT_MAX)
				fuse_loop_cfg_set_idle_threads(config, opts.max_idle_threads);
			fuse_loop_cfg_set_max_threads(config, opts.max_threads);
			ret = fuse_session_loop_mt(se, config);
			fuse_loop_cfg_destroy(config);
		}
	}
	/* 0: unmounted from outside; > 0: the signal that ended the loop. Both are clean. */
	ret = ret < 0 ? 1 : 0;
	fuse_session_unmount(se);
out_signals:
	fuse_remove_signal_handlers(se);
out_session:
	fuse_session_destroy(se);
out_args:
	free(opts.mountpoint);
	fuse_opt_free_args(&args);
	free(rest);
	return ret;
}
