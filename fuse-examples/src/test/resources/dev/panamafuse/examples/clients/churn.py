"""One of the concurrent clients of ManyClientsIT, and the checker that runs after them.

  churn.py work ROOT NAME SECONDS SEED   create, write, rename, link, rewrite, read, delete
  churn.py check ROOT                    verify the tree the workers left

Every published file is named by a token NAME-SEQ-SIZE (possibly under several hard-linked names
in different directories); its content is the text "<TOKEN>" repeated and cut to SIZE bytes, so
any file can be checked against its own name. Files are written under ".tmp-TOKEN" and renamed into
place once complete, so a reader never sees a partial file under a published name.

Races between workers make ENOENT (a file someone else removed or renamed), EEXIST (a link name
already taken) and ENOTEMPTY (rmdir of a directory with files) normal; any other error, and any
content that does not match its name, is counted as unexpected and makes the exit status 1.
"""
import errno
import json
import os
import random
import stat
import sys
import time

EXPECTED = {errno.ENOENT, errno.EEXIST, errno.ENOTEMPTY}
TOP = 4


def content(token, size):
    unit = ('<%s>' % token).encode()
    return (unit * (size // len(unit) + 1))[:size]


def token_of(name):
    """The token of a published file name, or None for anything else."""
    if name.startswith('.') or name.startswith('sub-'):
        return None
    return name.split('~')[0]


def size_of(token):
    return int(token.rsplit('-', 1)[1])


class Worker:
    def __init__(self, root, me, seconds, seed):
        self.root = root
        self.me = me
        self.deadline = time.monotonic() + seconds
        self.rnd = random.Random(seed)
        self.seq = 0
        self.counts = {}
        self.expected = {}
        self.unexpected = []
        self.tops = [os.path.join(root, 'd%d' % i) for i in range(TOP)]

    def count(self, what, n=1):
        self.counts[what] = self.counts.get(what, 0) + n

    def error(self, op, path, e):
        if isinstance(e, OSError) and e.errno in EXPECTED:
            key = '%s:%s' % (op, errno.errorcode[e.errno])
            self.expected[key] = self.expected.get(key, 0) + 1
        else:
            self.unexpected.append('%s %s: %r' % (op, path, e))

    def some_dir(self):
        top = self.rnd.choice(self.tops)
        if self.rnd.random() < 0.5:
            try:
                subs = [n for n in os.listdir(top) if n.startswith('sub-')]
            except OSError as e:
                self.error('listdir', top, e)
                return top
            if subs:
                return os.path.join(top, self.rnd.choice(subs))
        return top

    def some_file(self):
        d = self.some_dir()
        try:
            names = [n for n in os.listdir(d) if token_of(n)]
        except OSError as e:
            self.error('listdir', d, e)
            return None
        self.count('listdir')
        return os.path.join(d, self.rnd.choice(names)) if names else None

    def create(self):
        self.seq += 1
        size = self.rnd.choice([self.rnd.randint(1, 4096), self.rnd.randint(1, 100_000),
                                self.rnd.randint(1, 400_000), 0])
        token = '%s-%d-%d' % (self.me, self.seq, size)
        data = content(token, size)
        d = self.some_dir()
        tmp = os.path.join(d, '.tmp-' + token)
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except OSError as e:
            self.error('create', tmp, e)
            return
        try:
            off = 0
            while off < size:
                n = min(size - off, self.rnd.choice([1, 100, 4096, 65536, 131072, 1 << 20]))
                off += os.write(fd, data[off:off + n])
            if self.rnd.random() < 0.3:
                os.fsync(fd)
        except OSError as e:
            self.error('write', tmp, e)
        finally:
            os.close(fd)
        target = os.path.join(self.some_dir(), token)
        try:
            os.rename(tmp, target)
            self.count('create')
        except OSError as e:
            self.error('publish', target, e)
            try:
                os.unlink(tmp)
            except OSError as e2:
                self.error('unlink-tmp', tmp, e2)

    def rename(self):
        src = self.some_file()
        if src:
            dst = os.path.join(self.some_dir(), os.path.basename(src))
            try:
                os.rename(src, dst)
                self.count('rename')
            except OSError as e:
                self.error('rename', src, e)

    def link(self):
        src = self.some_file()
        if src:
            dst = os.path.join(self.some_dir(), token_of(os.path.basename(src)) + '~' + self.me)
            try:
                os.link(src, dst)
                self.count('link')
            except OSError as e:
                self.error('link', src, e)

    def delete(self):
        src = self.some_file()
        if src:
            try:
                os.unlink(src)
                self.count('unlink')
            except OSError as e:
                self.error('unlink', src, e)

    def read(self):
        src = self.some_file()
        if src:
            try:
                with open(src, 'rb') as f:
                    data = f.read()
            except OSError as e:
                self.error('read', src, e)
                return
            token = token_of(os.path.basename(src))
            if data != content(token, size_of(token)):
                self.unexpected.append('read %s: %d bytes, not the content of its name' % (src, len(data)))
            self.count('read')
            self.count('bytes-read', len(data))

    def rewrite(self):
        """Writes a file's own bytes over it again at a random offset: readers must never notice."""
        src = self.some_file()
        if src:
            token = token_of(os.path.basename(src))
            size = size_of(token)
            try:
                fd = os.open(src, os.O_RDWR)
            except OSError as e:
                self.error('open-rw', src, e)
                return
            try:
                if size:
                    off = self.rnd.randrange(size)
                    end = min(size, off + self.rnd.randint(1, 100_000))
                    os.pwrite(fd, content(token, size)[off:end], off)
                self.count('rewrite')
            except OSError as e:
                self.error('rewrite', src, e)
            finally:
                os.close(fd)

    def mkdir(self):
        d = os.path.join(self.rnd.choice(self.tops), 'sub-%s-%d' % (self.me, self.rnd.randint(0, 3)))
        try:
            os.mkdir(d)
            self.count('mkdir')
        except OSError as e:
            self.error('mkdir', d, e)

    def rmdir(self):
        d = self.some_dir()
        if d not in self.tops:
            try:
                os.rmdir(d)
                self.count('rmdir')
            except OSError as e:
                self.error('rmdir', d, e)

    def walk(self):
        for top in self.tops:
            for dirpath, dirnames, filenames in os.walk(top, onerror=lambda e: self.error('walk', top, e)):
                for n in filenames:
                    try:
                        os.lstat(os.path.join(dirpath, n))
                    except OSError as e:
                        self.error('lstat', n, e)
        self.count('walk')

    def run(self):
        for d in self.tops:
            os.makedirs(d, exist_ok=True)
        ops = [(self.create, 25), (self.rename, 15), (self.link, 5), (self.delete, 20), (self.read, 20),
               (self.rewrite, 6), (self.mkdir, 4), (self.rmdir, 4), (self.walk, 1)]
        funcs = [f for f, w in ops for _ in range(w)]
        while time.monotonic() < self.deadline:
            self.rnd.choice(funcs)()
        print(json.dumps({'worker': self.me, 'ops': self.counts, 'expected-errors': self.expected,
                          'unexpected': self.unexpected[:50], 'unexpected-count': len(self.unexpected)}))
        return 1 if self.unexpected else 0


def check(root):
    problems = []
    names_by_inode = {}
    nlink = {}
    files = 0
    total = 0
    for dirpath, dirnames, filenames in os.walk(root, onerror=lambda e: problems.append('walk: %r' % e)):
        for n in filenames:
            p = os.path.join(dirpath, n)
            st = os.lstat(p)
            if not stat.S_ISREG(st.st_mode):
                problems.append('%s: not a regular file (mode %o)' % (p, st.st_mode))
                continue
            token = token_of(n)
            if token is None:
                problems.append('%s: left behind' % p)
                continue
            with open(p, 'rb') as f:
                data = f.read()
            if data != content(token, size_of(token)) or st.st_size != len(data):
                problems.append('%s: %d bytes (st_size %d), not the content of its name' % (p, len(data), st.st_size))
            names_by_inode.setdefault(st.st_ino, []).append(p)
            nlink[st.st_ino] = st.st_nlink
            files += 1
            total += len(data)
    for ino, names in names_by_inode.items():
        if nlink[ino] != len(names):
            problems.append('inode %d: st_nlink %d but %d names: %s' % (ino, nlink[ino], len(names), names))
        tokens = {token_of(os.path.basename(p)) for p in names}
        if len(tokens) != 1:
            problems.append('inode %d has names of different files: %s' % (ino, names))
    print(json.dumps({'files': files, 'inodes': len(names_by_inode), 'bytes': total,
                      'problems': problems[:100], 'problem-count': len(problems)}))
    return 1 if problems or files == 0 else 0


if __name__ == '__main__':
    if sys.argv[1] == 'work':
        sys.exit(Worker(sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5])).run())
    elif sys.argv[1] == 'check':
        sys.exit(check(sys.argv[2]))
    else:
        sys.exit('usage: churn.py work ROOT NAME SECONDS SEED | check ROOT')
