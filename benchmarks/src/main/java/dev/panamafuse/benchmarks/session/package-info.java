/**
 * The session benchmark: requests per second through a whole session (readers, dispatch, a
 * filesystem, reply encoding) over {@link dev.panamafuse.benchmarks.session.FeedChannel}, an
 * in-memory channel that feeds one frame after another, without a kernel. With {@code -prof gc}
 * it shows the heap allocated per request.
 */
package dev.panamafuse.benchmarks.session;
