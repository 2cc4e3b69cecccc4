/*
 * memfs_ll's handlers of names and attributes: lookup, forget, getattr, setattr, mkdir, create,
 * unlink, rmdir, rename. Every one holds the tree lock (see memfs.h).
 */
#define _GNU_SOURCE
#include "memfs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>

void ll_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct fuse_entry_param e;
	int err;
	if (strlen(name) > NAME_MAX) {
		fuse_reply_err(req, ENAMETOOLONG);
		return;
	}
	RDLOCK();
	struct node *p = node_of(parent);
	err = check_dir(p);
	if (err == 0) {
		struct dentry *d = dir_find(&p->dir, name);
		if (d == NULL) {
			err = ENOENT;
		} else {
			fill_entry(d->child, &e);
			add_lookup(d->child);
		}
	}
	UNLOCK();
	if (err)
		fuse_reply_err(req, err);
	else
		fuse_reply_entry(req, &e);
}

void ll_forget(fuse_req_t req, fuse_ino_t ino, uint64_t nlookup)
{
	WRLOCK();
	struct node *n = node_of(ino);
	n->nlookup -= nlookup;
	maybe_free(n);
	UNLOCK();
	fuse_reply_none(req);
}

void ll_forget_multi(fuse_req_t req, size_t count, struct fuse_forget_data *forgets)
{
	WRLOCK();
	for (size_t i = 0; i < count; i++) {
		struct node *n = node_of(forgets[i].ino);
		n->nlookup -= forgets[i].nlookup;
		maybe_free(n);
	}
	UNLOCK();
	fuse_reply_none(req);
}

void ll_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	(void)fi;
	struct stat st;
	RDLOCK();
	st = node_of(ino)->st;
	UNLOCK();
	fuse_reply_attr(req, &st, 0.0);
}

void ll_setattr(fuse_req_t req, fuse_ino_t ino, struct stat *attr, int to_set,
		struct fuse_file_info *fi)
{
	(void)fi;
	struct stat st;
	struct timespec t;
	int err = 0;
	now(&t);
	WRLOCK();
	struct node *n = node_of(ino);
	if (to_set & FUSE_SET_ATTR_SIZE) {
		if (S_ISDIR(n->st.st_mode))
			err = EISDIR;
		else if (n->is_zero)
			err = EPERM;
		else
			err = -file_resize(n, attr->st_size);
		if (err == 0)
			n->st.st_mtim = t;
	}
	if (err == 0) {
		if ((to_set & (FUSE_SET_ATTR_SIZE | FUSE_SET_ATTR_UID | FUSE_SET_ATTR_GID))
		    && S_ISREG(n->st.st_mode) && !(to_set & FUSE_SET_ATTR_MODE))
			kill_priv(n);
		if (to_set & FUSE_SET_ATTR_MODE)
			n->st.st_mode = (n->st.st_mode & S_IFMT) | (attr->st_mode & 07777);
		if (to_set & FUSE_SET_ATTR_UID)
			n->st.st_uid = attr->st_uid;
		if (to_set & FUSE_SET_ATTR_GID)
			n->st.st_gid = attr->st_gid;
		if (to_set & FUSE_SET_ATTR_ATIME_NOW)
			n->st.st_atim = t;
		else if (to_set & FUSE_SET_ATTR_ATIME)
			n->st.st_atim = attr->st_atim;
		if (to_set & FUSE_SET_ATTR_MTIME_NOW)
			n->st.st_mtim = t;
		else if (to_set & FUSE_SET_ATTR_MTIME)
			n->st.st_mtim = attr->st_mtim;
		n->st.st_ctim = (to_set & FUSE_SET_ATTR_CTIME) ? attr->st_ctim : t;
		st = n->st;
	}
	UNLOCK();
	if (err)
		fuse_reply_err(req, err);
	else
		fuse_reply_attr(req, &st, 0.0);
}

/* Under the write lock: a new node named name in p. Returns 0 or an errno. */
static int make_node(fuse_req_t req, struct node *p, const char *name, mode_t mode,
		     struct node **out)
{
	const struct fuse_ctx *ctx = fuse_req_ctx(req);
	gid_t gid = ctx->gid;
	if (p->st.st_mode & S_ISGID) {
		gid = p->st.st_gid;
		if (S_ISDIR(mode))
			mode |= S_ISGID;
	}
	struct node *n = node_new(mode, ctx->uid, gid);
	if (n == NULL)
		return ENOMEM;
	if (dir_insert(&p->dir, name, n) != 0) {
		node_free(n);
		return ENOMEM;
	}
	if (S_ISDIR(mode)) {
		n->dir.parent = p;
		p->st.st_nlink++;
	}
	touch(p);
	*out = n;
	return 0;
}

void ll_mkdir(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode)
{
	struct fuse_entry_param e;
	struct node *n;
	int err;
	if (strlen(name) > NAME_MAX) {
		fuse_reply_err(req, ENAMETOOLONG);
		return;
	}
	WRLOCK();
	struct node *p = node_of(parent);
	err = check_dir(p);
	if (err == 0 && dir_find(&p->dir, name) != NULL)
		err = EEXIST;
	if (err == 0)
		err = make_node(req, p, name, S_IFDIR | (mode & 07777), &n);
	if (err == 0) {
		n->nlookup++;
		fill_entry(n, &e);
	}
	UNLOCK();
	if (err)
		fuse_reply_err(req, err);
	else
		fuse_reply_entry(req, &e);
}

int open_node(struct node *n, int flags)
{
	if (S_ISDIR(n->st.st_mode))
		return EISDIR;
	if (n->is_zero && ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC)))
		return EACCES;
	if ((flags & O_TRUNC) && n->st.st_size != 0) {
		int err = -file_resize(n, 0);
		if (err)
			return err;
		touch(n);
		kill_priv(n);
	}
	return 0;
}

void ll_create(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode,
	       struct fuse_file_info *fi)
{
	struct fuse_entry_param e;
	struct node *n;
	int err;
	if (strlen(name) > NAME_MAX) {
		fuse_reply_err(req, ENAMETOOLONG);
		return;
	}
	WRLOCK();
	struct node *p = node_of(parent);
	err = check_dir(p);
	if (err == 0) {
		struct dentry *d = dir_find(&p->dir, name);
		if (d == NULL)
			err = make_node(req, p, name, S_IFREG | (mode & 07777), &n);
		else if (fi->flags & O_EXCL)
			err = EEXIST;
		else
			err = open_node(n = d->child, fi->flags);
	}
	if (err == 0) {
		n->nlookup++;
		fill_entry(n, &e);
	}
	UNLOCK();
	if (err) {
		fuse_reply_err(req, err);
		return;
	}
	fi->direct_io = 0;
	fi->keep_cache = 0;
	fi->fh = 0;
	fuse_reply_create(req, &e, fi);
}

void ll_unlink(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	int err;
	WRLOCK();
	struct node *p = node_of(parent);
	err = check_dir(p);
	struct dentry *d = err ? NULL : dir_find(&p->dir, name);
	if (err == 0 && d == NULL)
		err = ENOENT;
	if (err == 0 && S_ISDIR(d->child->st.st_mode))
		err = EISDIR;
	if (err == 0) {
		struct node *n = d->child;
		dir_remove(&p->dir, d);
		n->st.st_nlink--;
		now(&n->st.st_ctim);
		touch(p);
		maybe_free(n);
	}
	UNLOCK();
	fuse_reply_err(req, err);
}

/* Under the write lock: takes a removed directory out of its parent's link count. */
static void drop_dir(struct node *p, struct node *n)
{
	n->st.st_nlink = 0;
	n->dir.parent = NULL;
	p->st.st_nlink--;
	now(&n->st.st_ctim);
}

void ll_rmdir(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	int err;
	WRLOCK();
	struct node *p = node_of(parent);
	err = check_dir(p);
	struct dentry *d = err ? NULL : dir_find(&p->dir, name);
	if (err == 0 && d == NULL)
		err = ENOENT;
	if (err == 0 && !S_ISDIR(d->child->st.st_mode))
		err = ENOTDIR;
	if (err == 0 && d->child->dir.count != 0)
		err = ENOTEMPTY;
	if (err == 0) {
		struct node *n = d->child;
		dir_remove(&p->dir, d);
		drop_dir(p, n);
		touch(p);
		maybe_free(n);
	}
	UNLOCK();
	fuse_reply_err(req, err);
}

/* Under the write lock: whether dir a is dir d or one of its ancestors. */
static int is_ancestor(const struct node *a, const struct node *d)
{
	for (; d != NULL; d = d->dir.parent) {
		if (d == a)
			return 1;
		if (d == root)
			return 0;
	}
	return 0;
}

static int do_rename(struct node *p, const char *name, struct node *np, const char *newname)
{
	int err;
	if ((err = check_dir(p)) != 0 || (err = check_dir(np)) != 0)
		return err;
	struct dentry *d = dir_find(&p->dir, name);
	if (d == NULL)
		return ENOENT;
	struct node *n = d->child;
	struct dentry *t = dir_find(&np->dir, newname);
	if (t != NULL && t->child == n)
		return 0; /* the same file: nothing to do */
	int is_dir = S_ISDIR(n->st.st_mode);
	if (is_dir && is_ancestor(n, np))
		return EINVAL;
	if (t != NULL) {
		struct node *victim = t->child;
		if (is_dir && !S_ISDIR(victim->st.st_mode))
			return ENOTDIR;
		if (!is_dir && S_ISDIR(victim->st.st_mode))
			return EISDIR;
		if (is_dir && victim->dir.count != 0)
			return ENOTEMPTY;
		t->child = n; /* the target's entry (and readdir offset) now names n */
		if (S_ISDIR(victim->st.st_mode)) {
			drop_dir(np, victim);
		} else {
			victim->st.st_nlink--;
			now(&victim->st.st_ctim);
		}
		dir_remove(&p->dir, d);
		maybe_free(victim);
	} else {
		if (dir_insert(&np->dir, newname, n) != 0)
			return ENOMEM;
		dir_remove(&p->dir, d);
	}
	if (is_dir && p != np) {
		p->st.st_nlink--;
		np->st.st_nlink++;
		n->dir.parent = np;
	}
	now(&n->st.st_ctim);
	touch(p);
	touch(np);
	return 0;
}

void ll_rename(fuse_req_t req, fuse_ino_t parent, const char *name, fuse_ino_t newparent,
	       const char *newname, unsigned int flags)
{
	if (flags != 0) {
		fuse_reply_err(req, EINVAL);
		return;
	}
	if (strlen(newname) > NAME_MAX) {
		fuse_reply_err(req, ENAMETOOLONG);
		return;
	}
	WRLOCK();
	int err = do_rename(node_of(parent), name, node_of(newparent), newname);
	UNLOCK();
	fuse_reply_err(req, err);
}
