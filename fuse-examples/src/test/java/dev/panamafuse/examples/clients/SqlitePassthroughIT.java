package dev.panamafuse.examples.clients;

/** {@link SqliteIT} on {@link dev.panamafuse.examples.passthrough.PassthroughFs} over a directory on local disk. */
class SqlitePassthroughIT extends SqliteIT implements OnPassthrough {
}
