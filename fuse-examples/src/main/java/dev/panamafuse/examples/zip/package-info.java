/**
 * The zip demo: {@link dev.panamafuse.examples.zip.ZipArchiveFs}, the entries of a zip or jar
 * archive served read-only through the JDK's zip filesystem and the java.nio bridge. Mounted by
 * {@code panamafuse mount zip ARCHIVE DIR}.
 */
package dev.panamafuse.examples.zip;
