/*
 * The in-memory tree behind memfs_ll. See tree.h.
 */
#define _GNU_SOURCE
#include "tree.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

uint64_t tree_used_bytes;
uint64_t tree_nodes;

static uint64_t next_ino = 1;

void now(struct timespec *ts)
{
	clock_gettime(CLOCK_REALTIME, ts);
}

struct node *node_new(mode_t mode, uid_t uid, gid_t gid)
{
	struct node *n = calloc(1, sizeof(*n));
	if (n == NULL)
		return NULL;
	n->st.st_ino = next_ino++;
	n->st.st_mode = mode;
	n->st.st_nlink = S_ISDIR(mode) ? 2 : 1;
	n->st.st_uid = uid;
	n->st.st_gid = gid;
	now(&n->st.st_atim);
	n->st.st_mtim = n->st.st_atim;
	n->st.st_ctim = n->st.st_atim;
	n->dir.next_cookie = FIRST_COOKIE;
	tree_nodes++;
	return n;
}

void node_free(struct node *n)
{
	tree_used_bytes -= n->cap;
	tree_nodes--;
	free(n->data);
	free(n->dir.buckets);
	free(n);
}

/* FNV-1a */
static uint32_t hash_name(const char *name)
{
	uint32_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		h ^= *p;
		h *= 16777619u;
	}
	return h;
}

struct dentry *dir_find(const struct dir *d, const char *name)
{
	if (d->nbuckets == 0)
		return NULL;
	uint32_t h = hash_name(name);
	for (struct dentry *e = d->buckets[h & (d->nbuckets - 1)]; e; e = e->chain)
		if (e->hash == h && strcmp(e->name, name) == 0)
			return e;
	return NULL;
}

/* Doubles the bucket array (or makes the first one). 0 or -ENOMEM. */
static int grow_buckets(struct dir *d)
{
	size_t n = d->nbuckets ? d->nbuckets * 2 : 8;
	struct dentry **b = calloc(n, sizeof(*b));
	if (b == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < d->nbuckets; i++) {
		struct dentry *e = d->buckets[i];
		while (e) {
			struct dentry *next = e->chain;
			e->chain = b[e->hash & (n - 1)];
			b[e->hash & (n - 1)] = e;
			e = next;
		}
	}
	free(d->buckets);
	d->buckets = b;
	d->nbuckets = n;
	return 0;
}

int dir_insert(struct dir *d, const char *name, struct node *child)
{
	if (d->count >= d->nbuckets && grow_buckets(d) != 0 && d->nbuckets == 0)
		return -ENOMEM; /* a full table still works, only slower */
	size_t len = strlen(name);
	struct dentry *e = malloc(sizeof(*e) + len + 1);
	if (e == NULL)
		return -ENOMEM;
	memcpy(e->name, name, len + 1);
	e->child = child;
	e->hash = hash_name(name);
	e->cookie = d->next_cookie++;
	size_t b = e->hash & (d->nbuckets - 1);
	e->chain = d->buckets[b];
	d->buckets[b] = e;
	e->next = NULL;
	e->prev = d->last;
	if (d->last)
		d->last->next = e;
	else
		d->first = e;
	d->last = e;
	d->count++;
	return 0;
}

void dir_remove(struct dir *d, struct dentry *e)
{
	struct dentry **p = &d->buckets[e->hash & (d->nbuckets - 1)];
	while (*p != e)
		p = &(*p)->chain;
	*p = e->chain;
	if (e->prev)
		e->prev->next = e->next;
	else
		d->first = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		d->last = e->prev;
	d->count--;
	d->removals++;
	free(e);
}

/* Makes room for at least need bytes. 0 or -ENOSPC. */
static int reserve(struct node *n, size_t need)
{
	if (need <= n->cap)
		return 0;
	size_t cap = n->cap * 2 > need ? n->cap * 2 : need;
	char *p = realloc(n->data, cap);
	if (p == NULL && cap > need) {
		cap = need;
		p = realloc(n->data, cap);
	}
	if (p == NULL)
		return -ENOSPC;
	tree_used_bytes += cap - n->cap;
	n->data = p;
	n->cap = cap;
	return 0;
}

static void set_size(struct node *n, size_t size)
{
	n->st.st_size = (off_t)size;
	n->st.st_blocks = (blkcnt_t)((size + 511) / 512);
}

int file_resize(struct node *n, off_t size)
{
	if (size < 0)
		return -EINVAL;
	size_t old = (size_t)n->st.st_size;
	size_t want = (size_t)size;
	if (want > old) {
		int err = reserve(n, want);
		if (err)
			return err;
		memset(n->data + old, 0, want - old);
	} else if (want == 0) {
		tree_used_bytes -= n->cap;
		free(n->data);
		n->data = NULL;
		n->cap = 0;
	} else if (want < n->cap / 4) {
		char *p = realloc(n->data, want);
		if (p != NULL) {
			tree_used_bytes -= n->cap - want;
			n->data = p;
			n->cap = want;
		}
	}
	set_size(n, want);
	return 0;
}

int file_write(struct node *n, const char *buf, size_t size, off_t off)
{
	if (off < 0)
		return -EINVAL;
	if ((uint64_t)off > (uint64_t)INT64_MAX - size)
		return -EFBIG;
	size_t end = (size_t)off + size;
	size_t old = (size_t)n->st.st_size;
	if (end > old) {
		int err = reserve(n, end);
		if (err)
			return err;
		if ((size_t)off > old)
			memset(n->data + old, 0, (size_t)off - old);
		set_size(n, end);
	}
	memcpy(n->data + off, buf, size);
	return 0;
}
