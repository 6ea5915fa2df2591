package io.granary.registry.lifecycle.replication;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A bandwidth limit shared by every transfer of a run: readers take bytes from one budget that refills at the
 * configured rate, and wait when it is spent. Zero means unlimited.
 */
final class Throttle {

    private final long bytesPerSecond;
    private final long startNanos = System.nanoTime();
    private long granted;

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
        long waitNanos;
        synchronized (this) {
            granted += bytes;
            long dueNanos = startNanos + (long) (granted * 1e9 / bytesPerSecond);
            waitNanos = dueNanos - System.nanoTime();
        }
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
