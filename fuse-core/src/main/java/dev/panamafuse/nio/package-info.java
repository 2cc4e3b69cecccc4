/**
 * The {@code java.nio.file} bridge behind {@link dev.panamafuse.nio.NioFileSystem}: a
 * {@link dev.panamafuse.path.PathFileSystem} over a {@link java.nio.file.Path} tree of any provider
 * (the default filesystem, the zip filesystem, ...). Not exported.
 */
package dev.panamafuse.nio;
