package io.granary.registry.storage.filesystem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads exactly one byte range of a file, using positional reads so nothing else can move it. */
final class FileRangeInputStream extends InputStream {

    private final FileChannel channel;
    private long position;
    private long remaining;

    FileRangeInputStream(Path file, long offset, long length) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.position = offset;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (remaining <= 0) {
            return -1;
        }
        int wanted = (int) Math.min(length, remaining);
        int read = channel.read(ByteBuffer.wrap(bytes, offset, wanted), position);
        if (read < 0) {
            // The file is shorter than its recorded size: never expected for an immutable blob.
            throw new IOException("blob file truncated at " + position);
        }
        position += read;
        remaining -= read;
        return read;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, remaining));
        position += skipped;
        remaining -= skipped;
        return skipped;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, remaining);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
