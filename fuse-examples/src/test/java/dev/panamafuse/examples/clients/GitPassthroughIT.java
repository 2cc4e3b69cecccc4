package dev.panamafuse.examples.clients;

/** {@link GitIT} on {@link dev.panamafuse.examples.passthrough.PassthroughFs} over a directory on local disk. */
class GitPassthroughIT extends GitIT implements OnPassthrough {
}
