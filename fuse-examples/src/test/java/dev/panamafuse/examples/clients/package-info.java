/**
 * Real clients against mounted demo filesystems, each bounded in time: {@code fio --verify},
 * {@code sqlite3} integrity checks, {@code git clone} with {@code git fsck}, {@code tar} round
 * trips, {@code rsync}, {@code stress-ng} file stressors, CPython's own file tests, many clients
 * at once, and lock waiters. Each test mounts in a fresh temporary directory and unmounts in
 * {@code finally}.
 */
package dev.panamafuse.examples.clients;
