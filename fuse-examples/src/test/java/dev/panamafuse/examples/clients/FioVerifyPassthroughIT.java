package dev.panamafuse.examples.clients;

/**
 * {@link FioVerifyIT} on {@link dev.panamafuse.examples.passthrough.PassthroughFs} over a directory
 * on local disk, with kernel passthrough off: every block fio writes and verifies goes through the
 * daemon's read and write.
 */
class FioVerifyPassthroughIT extends FioVerifyIT implements OnPassthroughUserSpace {
}
