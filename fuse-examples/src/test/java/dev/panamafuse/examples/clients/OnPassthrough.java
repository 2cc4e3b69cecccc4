package dev.panamafuse.examples.clients;

/**
 * Marks a client test class that runs on {@link dev.panamafuse.examples.passthrough.PassthroughFs}
 * ({@link TestDir#open(String, org.junit.jupiter.api.TestInfo)}): the sibling classes
 * {@code *PassthroughIT} extend a client test and implement this, so the same checks run on the
 * passthrough in every build. Regular files are opened with kernel passthrough (the test runs as
 * root); {@link OnPassthroughUserSpace} marks the classes that run with it off.
 */
interface OnPassthrough {
}
