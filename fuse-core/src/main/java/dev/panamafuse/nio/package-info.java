/**
 * The {@code java.nio.file} bridge behind {@link dev.panamafuse.NioFileSystem}: a
 * {@link dev.panamafuse.PathFileSystem} over a {@link java.nio.file.Path} tree of any provider
 * (the default filesystem, the zip filesystem, ...). Not exported.
 */
package dev.panamafuse.nio;
