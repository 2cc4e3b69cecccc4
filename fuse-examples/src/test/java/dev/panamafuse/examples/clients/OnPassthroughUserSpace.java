package dev.panamafuse.examples.clients;

/**
 * Marks a client test class that runs on {@link dev.panamafuse.examples.passthrough.PassthroughFs}
 * with kernel passthrough off, so every read and write goes through the daemon
 * ({@link TestDir#open(String, org.junit.jupiter.api.TestInfo)}).
 */
interface OnPassthroughUserSpace {
}
