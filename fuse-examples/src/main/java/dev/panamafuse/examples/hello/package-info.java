/**
 * The smallest demo: {@link dev.panamafuse.examples.hello.HelloFs}, one read-only file written
 * against the inode-level {@link dev.panamafuse.FileSystem}. Mounted by {@code panamafuse mount hello DIR}.
 */
package dev.panamafuse.examples.hello;
