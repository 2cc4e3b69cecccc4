package dev.panamafuse.nio;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An open file backed by a provider's channel. A {@link FileChannel} reads and writes at offsets
 * without a lock (and, for the session's native buffers, without a copy); any other
 * {@link SeekableByteChannel} is positioned and used under a lock.
 */
final class ChannelHandle implements OpenHandle {
    private final SeekableByteChannel channel;
    private final FileChannel file;
    private final ReentrantLock lock = new ReentrantLock();

    ChannelHandle(SeekableByteChannel channel) {
        this.channel = channel;
        this.file = channel instanceof FileChannel f ? f : null;
    }

    @Override
    public int read(long offset, MemorySegment dest) throws IOException {
        ByteBuffer buffer = dest.asByteBuffer();
        if (file != null) {
            while (buffer.hasRemaining() && file.read(buffer, offset + buffer.position()) >= 0) {
                // until full or end of file
            }
            return buffer.position();
        }
        lock.lock();
        try {
            channel.position(offset);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // until full or end of file
            }
            return buffer.position();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int write(long offset, MemorySegment data) throws IOException {
        ByteBuffer buffer = data.asByteBuffer();
        if (file != null) {
            while (buffer.hasRemaining()) {
                file.write(buffer, offset + buffer.position());
            }
            return buffer.position();
        }
        lock.lock();
        try {
            channel.position(offset);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            return buffer.position();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void truncate(long size) throws IOException {
        lock.lock();
        try {
            resize(channel, size);
        } finally {
            lock.unlock();
        }
    }

    /** The current size of the open file. */
    long size() throws IOException {
        return channel.size();
    }

    /** Cuts a channel's file to {@code size} or extends it with zeros ({@code truncate} alone only cuts). */
    static void resize(SeekableByteChannel channel, long size) throws IOException {
        long current = channel.size();
        if (size < current) {
            channel.truncate(size);
        } else if (size > current) {
            channel.position(size - 1);
            channel.write(ByteBuffer.allocate(1));
        }
    }

    @Override
    public void force(boolean dataOnly) throws IOException {
        if (file != null) {
            file.force(!dataOnly);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
