/*
 * memfs_ll's handlers of open files and directories: open, read, write, flush, fsync, release,
 * opendir, readdir, readdirplus, releasedir, and statfs.
 */
#define _GNU_SOURCE
#include "memfs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/statvfs.h>
#include <sys/uio.h>
#include <unistd.h>

#define ZERO_CHUNK MIB

/* Never written: its pages stay the kernel's shared zero page. */
static char zeros[ZERO_CHUNK];

void ll_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct node *n = node_of(ino);
	int err;
	if (fi->flags & O_TRUNC) {
		WRLOCK();
		err = open_node(n, fi->flags);
	} else {
		RDLOCK();
		err = open_node(n, fi->flags); /* changes nothing without O_TRUNC */
	}
	UNLOCK();
	if (err) {
		fuse_reply_err(req, err);
		return;
	}
	fi->direct_io = 0;
	fi->keep_cache = 0;
	fi->fh = 0;
	fuse_reply_open(req, fi);
}

void ll_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
	     struct fuse_file_info *fi)
{
	(void)fi;
	struct node *n = node_of(ino);
	if (n->is_zero) {
		if ((uint64_t)off >= zero_size) {
			fuse_reply_buf(req, NULL, 0);
			return;
		}
		uint64_t left = zero_size - (uint64_t)off;
		size_t len = size < left ? size : (size_t)left;
		if (len <= ZERO_CHUNK) {
			fuse_reply_buf(req, zeros, len);
			return;
		}
		struct iovec iov[16];
		int count = 0;
		while (len > 0 && count < 16) {
			iov[count].iov_base = zeros;
			iov[count].iov_len = len < ZERO_CHUNK ? len : ZERO_CHUNK;
			len -= iov[count].iov_len;
			count++;
		}
		fuse_reply_iov(req, iov, count);
		return;
	}
	RDLOCK();
	size_t have = (size_t)n->st.st_size;
	if ((uint64_t)off >= have)
		fuse_reply_buf(req, NULL, 0);
	else
		fuse_reply_buf(req, n->data + off, size < have - (size_t)off ? size : have - (size_t)off);
	UNLOCK();
}

void ll_write(fuse_req_t req, fuse_ino_t ino, const char *buf, size_t size, off_t off,
	      struct fuse_file_info *fi)
{
	(void)fi;
	int err;
	WRLOCK();
	struct node *n = node_of(ino);
	if (n->is_zero)
		err = EBADF;
	else if (S_ISDIR(n->st.st_mode))
		err = EISDIR;
	else
		err = -file_write(n, buf, size, off);
	if (err == 0) {
		touch(n);
		kill_priv(n);
	}
	UNLOCK();
	if (err)
		fuse_reply_err(req, err);
	else
		fuse_reply_write(req, size);
}

void ll_ok(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	(void)ino;
	(void)fi;
	fuse_reply_err(req, 0);
}

void ll_fsync(fuse_req_t req, fuse_ino_t ino, int datasync, struct fuse_file_info *fi)
{
	(void)ino;
	(void)datasync;
	(void)fi;
	fuse_reply_err(req, 0);
}

/* An open directory: where the last readdir stopped, so the next need not search for it. */
struct dir_handle {
	pthread_mutex_t mutex;
	struct dentry *last;        /* the last entry sent, or NULL */
	uint64_t cookie;            /* its cookie */
	uint64_t removals;          /* the directory's removal count then: last is valid while equal */
};

void ll_opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	RDLOCK();
	int is_dir = S_ISDIR(node_of(ino)->st.st_mode);
	UNLOCK();
	if (!is_dir) {
		fuse_reply_err(req, ENOTDIR);
		return;
	}
	struct dir_handle *h = calloc(1, sizeof(*h));
	if (h == NULL) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	pthread_mutex_init(&h->mutex, NULL);
	fi->fh = (uint64_t)(uintptr_t)h;
	if (fuse_reply_open(req, fi) != 0) {
		pthread_mutex_destroy(&h->mutex);
		free(h);
	}
}

/* Adds one entry to buf; 0 if it did not fit. */
static size_t add_entry(fuse_req_t req, int plus, char *buf, size_t room, const char *name,
			const struct node *n, off_t cookie)
{
	if (plus) {
		struct fuse_entry_param e;
		fill_entry(n, &e);
		return fuse_add_direntry_plus(req, buf, room, name, &e, cookie);
	}
	return fuse_add_direntry(req, buf, room, name, &n->st, cookie);
}

static void do_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		       struct fuse_file_info *fi, int plus)
{
	struct dir_handle *h = (struct dir_handle *)(uintptr_t)fi->fh;
	char *buf = malloc(size);
	if (buf == NULL) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	size_t used = 0, len;
	RDLOCK();
	pthread_mutex_lock(&h->mutex);
	struct node *n = node_of(ino);
	if (n->st.st_nlink == 0)
		goto done; /* removed: empty, and its parent may be gone */
	if (off < 1) {
		len = add_entry(req, plus, buf + used, size - used, ".", n, 1);
		if (len > size - used)
			goto done;
		used += len;
	}
	if (off < 2) {
		len = add_entry(req, plus, buf + used, size - used, "..", n->dir.parent, 2);
		if (len > size - used)
			goto done;
		used += len;
	}
	struct dentry *d;
	if (off <= 2)
		d = n->dir.first;
	else if (h->last != NULL && h->cookie == (uint64_t)off && h->removals == n->dir.removals)
		d = h->last->next;
	else
		for (d = n->dir.first; d != NULL && d->cookie <= (uint64_t)off; d = d->next)
			;
	for (; d != NULL; d = d->next) {
		len = add_entry(req, plus, buf + used, size - used, d->name, d->child,
				(off_t)d->cookie);
		if (len > size - used)
			break;
		used += len;
		if (plus)
			add_lookup(d->child);
		h->last = d;
		h->cookie = d->cookie;
		h->removals = n->dir.removals;
	}
done:
	pthread_mutex_unlock(&h->mutex);
	UNLOCK();
	fuse_reply_buf(req, buf, used);
	free(buf);
}

void ll_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		struct fuse_file_info *fi)
{
	do_readdir(req, ino, size, off, fi, 0);
}

void ll_readdirplus(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		    struct fuse_file_info *fi)
{
	do_readdir(req, ino, size, off, fi, 1);
}

void ll_releasedir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	(void)ino;
	struct dir_handle *h = (struct dir_handle *)(uintptr_t)fi->fh;
	pthread_mutex_destroy(&h->mutex);
	free(h);
	fuse_reply_err(req, 0);
}

void ll_statfs(fuse_req_t req, fuse_ino_t ino)
{
	(void)ino;
	struct statvfs s;
	memset(&s, 0, sizeof(s));
	long pages = sysconf(_SC_PHYS_PAGES);
	long page = sysconf(_SC_PAGESIZE);
	uint64_t total = (pages > 0 && page > 0) ? (uint64_t)pages * (uint64_t)page / 4096 : 1u << 20;
	RDLOCK();
	uint64_t used = (tree_used_bytes + 4095) / 4096;
	uint64_t nodes = tree_nodes;
	UNLOCK();
	s.f_bsize = 4096;
	s.f_frsize = 4096;
	s.f_blocks = total;
	s.f_bfree = s.f_bavail = used < total ? total - used : 0;
	s.f_files = 1u << 24;
	s.f_ffree = s.f_favail = nodes < s.f_files ? s.f_files - nodes : 0;
	s.f_namemax = NAME_MAX;
	fuse_reply_statfs(req, &s);
}
