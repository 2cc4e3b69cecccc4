/*
 * The in-memory tree behind memfs_ll: nodes, directories and file data.
 *
 * Nothing in here locks; memfs_ll.c holds its tree lock around every call.
 */
#ifndef MEMFS_TREE_H
#define MEMFS_TREE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

struct node;

/*
 * One name in a directory. A directory keeps its entries twice: in a list ordered by cookie
 * (for readdir) and in a hash table (for lookup by name).
 */
struct dentry {
	struct dentry *prev, *next; /* the listing, in cookie order */
	struct dentry *chain;       /* next entry in the same hash bucket */
	struct node *child;
	uint64_t cookie;            /* the entry's readdir offset; never reused in its directory */
	uint32_t hash;
	char name[];
};

/* Readdir offsets 1 and 2 belong to "." and ".."; entries count up from here. */
#define FIRST_COOKIE 3

struct dir {
	struct node *parent;        /* "..": the root's is itself, a removed directory's NULL */
	struct dentry *first, *last;
	struct dentry **buckets;
	size_t nbuckets;            /* a power of two, or 0 before the first insertion */
	size_t count;
	uint64_t next_cookie;
	uint64_t removals;          /* bumped by every removal; readdir cursors check it */
};

struct node {
	struct stat st;             /* what getattr answers; st_size is the file's size */
	uint64_t nlookup;           /* the kernel's lookup count */
	int is_zero;                /* the read-only file of zeros: its size never changes */
	char *data;                 /* regular files: st_size bytes used of cap */
	size_t cap;
	struct dir dir;             /* directories only */
};

/* Memory held by file data (bytes) and live nodes: statfs reports them. */
extern uint64_t tree_used_bytes;
extern uint64_t tree_nodes;

void now(struct timespec *ts);

/* A new node of the given type and permissions, nlink 1 (2 for a directory); NULL if out of memory. */
struct node *node_new(mode_t mode, uid_t uid, gid_t gid);

/* Frees a node and its data. A directory must be empty. */
void node_free(struct node *n);

struct dentry *dir_find(const struct dir *d, const char *name);

/* Adds name -> child at the end of the listing. 0 or -ENOMEM. */
int dir_insert(struct dir *d, const char *name, struct node *child);

/* Removes and frees an entry (not its child). */
void dir_remove(struct dir *d, struct dentry *e);

/* Sets a regular file's size, filling growth with zeros. 0, -ENOSPC or -EFBIG. */
int file_resize(struct node *n, off_t size);

/* Writes into a regular file, growing it as needed. 0, -ENOSPC or -EFBIG. */
int file_write(struct node *n, const char *buf, size_t size, off_t off);

#endif
