/*
 * What the handler files of memfs_ll share: the tree lock, the root, the zero file's size and
 * small helpers. See memfs_ll.c.
 */
#ifndef MEMFS_H
#define MEMFS_H

#define FUSE_USE_VERSION 314

#include <fuse_lowlevel.h>

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "tree.h"

#define MIB (1u << 20)

/* Guards the whole tree. Reads of /zero take no lock: the zero node never changes size. */
extern pthread_rwlock_t lock;
extern struct node *root;
extern uint64_t zero_size;

#define RDLOCK() pthread_rwlock_rdlock(&lock)
#define WRLOCK() pthread_rwlock_wrlock(&lock)
#define UNLOCK() pthread_rwlock_unlock(&lock)

static inline struct node *node_of(fuse_ino_t ino)
{
	return ino == FUSE_ROOT_ID ? root : (struct node *)(uintptr_t)ino;
}

static inline fuse_ino_t id_of(const struct node *n)
{
	return n == root ? FUSE_ROOT_ID : (fuse_ino_t)(uintptr_t)n;
}

static inline void fill_entry(const struct node *n, struct fuse_entry_param *e)
{
	memset(e, 0, sizeof(*e));
	e->ino = id_of(n);
	e->generation = n->st.st_ino; /* node ids (addresses) may come back after a free */
	e->attr = n->st;
	e->attr_timeout = 0.0;
	e->entry_timeout = 0.0;
}

static inline void add_lookup(struct node *n)
{
	/* Under the read lock in lookup and readdirplus; forget frees only under the write lock. */
	__atomic_add_fetch(&n->nlookup, 1, __ATOMIC_RELAXED);
}

/* Under the write lock: frees a node no name and no kernel reference keeps. */
static inline void maybe_free(struct node *n)
{
	if (n->nlookup == 0 && n->st.st_nlink == 0)
		node_free(n);
}

static inline void touch(struct node *d)
{
	now(&d->st.st_mtim);
	d->st.st_ctim = d->st.st_mtim;
}

/*
 * Writes, truncates and chowns drop set-id bits. libfuse wants FUSE_CAP_HANDLE_KILLPRIV by
 * default, which makes this the filesystem's job (3.14 never passes the flag to the kernel, so
 * the kernel does it as well; doing it twice is harmless).
 */
static inline void kill_priv(struct node *n)
{
	if (n->st.st_mode & S_ISUID)
		n->st.st_mode &= ~S_ISUID;
	if ((n->st.st_mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
		n->st.st_mode &= ~S_ISGID;
}

static inline int check_dir(const struct node *p)
{
	if (!S_ISDIR(p->st.st_mode))
		return ENOTDIR;
	if (p->st.st_nlink == 0)
		return ENOENT; /* removed while the kernel still held it */
	return 0;
}

/* What opening n with flags takes: under the write lock with O_TRUNC, else the read lock. 0 or an errno. */
int open_node(struct node *n, int flags);

/* names.c */
void ll_lookup(fuse_req_t req, fuse_ino_t parent, const char *name);
void ll_forget(fuse_req_t req, fuse_ino_t ino, uint64_t nlookup);
void ll_forget_multi(fuse_req_t req, size_t count, struct fuse_forget_data *forgets);
void ll_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi);
void ll_setattr(fuse_req_t req, fuse_ino_t ino, struct stat *attr, int to_set,
		struct fuse_file_info *fi);
void ll_mkdir(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode);
void ll_create(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode,
	       struct fuse_file_info *fi);
void ll_unlink(fuse_req_t req, fuse_ino_t parent, const char *name);
void ll_rmdir(fuse_req_t req, fuse_ino_t parent, const char *name);
void ll_rename(fuse_req_t req, fuse_ino_t parent, const char *name, fuse_ino_t newparent,
	       const char *newname, unsigned int flags);

/* io.c */
void ll_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi);
void ll_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi);
void ll_write(fuse_req_t req, fuse_ino_t ino, const char *buf, size_t size, off_t off,
	      struct fuse_file_info *fi);
void ll_ok(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi);
void ll_fsync(fuse_req_t req, fuse_ino_t ino, int datasync, struct fuse_file_info *fi);
void ll_opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi);
void ll_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		struct fuse_file_info *fi);
void ll_readdirplus(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		    struct fuse_file_info *fi);
void ll_releasedir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi);
void ll_statfs(fuse_req_t req, fuse_ino_t ino);

#endif
