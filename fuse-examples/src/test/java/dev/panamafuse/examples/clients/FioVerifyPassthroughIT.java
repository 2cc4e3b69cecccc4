package dev.panamafuse.examples.clients;

/** {@link FioVerifyIT} on {@link dev.panamafuse.examples.passthrough.PassthroughFs} over a directory on local disk. */
class FioVerifyPassthroughIT extends FioVerifyIT implements OnPassthrough {
}
