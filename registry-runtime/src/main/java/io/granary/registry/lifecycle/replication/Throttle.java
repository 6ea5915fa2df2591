package io.granary.registry.lifecycle.replication;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bandwidth limit shared by every transfer of a run: readers take bytes from one budget that refills at the
 * configured rate, and wait when it is spent. Zero means unlimited: the stream is not wrapped at all.
 */
final class Throttle {

    private final long bytesPerSecond;
    private final long startNanos = System.nanoTime();
    private final AtomicLong granted = new AtomicLong();

    Throttle(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    InputStream wrap(InputStream in) {
        if (bytesPerSecond <= 0) {
            return in;
        }
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                acquire(1);
                return super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, (int) Math.min(len, Math.max(1, bytesPerSecond / 10)));
                if (n > 0) {
                    acquire(n);
                }
                return n;
            }
        };
    }

    private void acquire(long bytes) throws IOException {
        // Lock-free: each read books its bytes and sleeps until the shared budget has earned them.
        long dueNanos = startNanos + (long) (granted.addAndGet(bytes) * 1e9 / bytesPerSecond);
        long waitNanos = dueNanos - System.nanoTime();
        if (waitNanos > 0) {
            try {
                Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("replication interrupted");
            }
        }
    }
}
