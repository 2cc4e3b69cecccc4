/**
 * Benchmarks of the session without a kernel: {@code SessionBenchmark} (GETATTR, LOOKUP and READ
 * requests per second through readers, dispatch, a filesystem and the reply) and
 * {@code NotifyBenchmark} (kernel-bound notifications from several threads), both over
 * {@code FeedChannel}, an in-memory transport that allocates nothing per request, with
 * {@code -prof gc} showing the heap per operation.
 */
package dev.panamafuse.benchmarks.session;
