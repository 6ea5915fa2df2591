package io.granary.registry.archive;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads the few small files a format needs (a wheel's METADATA, an sdist's PKG-INFO, a chart's
 * Chart.yaml) out of an uploaded zip or tar.gz, streaming, while refusing what a hostile archive
 * does: entry names that escape the archive ({@code ../}, absolute, backslashes), more entries or
 * more decompressed bytes than {@link Limits} allow (zip and tar bombs), and oversized wanted files.
 * Every entry is read through, so the bounds hold for the whole archive, not just the wanted files.
 */
public final class BoundedArchiveReader {

    /** Bounds on one archive. */
    public record Limits(int maxEntries, long maxTotalBytes, int maxWantedFileBytes) {
        /** Generous for real packages and charts, small enough that a bomb stops within a second or two. */
        public static final Limits DEFAULT = new Limits(50_000, 512L << 20, 1 << 20);
    }

    private BoundedArchiveReader() {
    }

    /** The wanted entries of a zip (name → bytes), in archive order. */
    public static Map<String, byte[]> readZip(InputStream in, Predicate<String> wanted, Limits limits)
            throws IOException, InvalidArchiveException {
        Map<String, byte[]> found = new LinkedHashMap<>();
        Budget budget = new Budget(limits);
        try (ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                budget.enter(entry.getName());
                read(zip, entry.getName(), !entry.isDirectory() && wanted.test(entry.getName()), budget, found);
            }
        } catch (ZipException | EOFException e) {
            throw new InvalidArchiveException("not a valid zip archive: " + e.getMessage());
        }
        if (budget.entries == 0) {
            throw new InvalidArchiveException("not a zip archive (no entries)");
        }
        return found;
    }

    /** The wanted regular files of a gzip-compressed tar (name → bytes), in archive order. */
    public static Map<String, byte[]> readTarGz(InputStream in, Predicate<String> wanted, Limits limits)
            throws IOException, InvalidArchiveException {
        Map<String, byte[]> found = new LinkedHashMap<>();
        Budget budget = new Budget(limits);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                budget.enter(entry.getName());
                if (entry.isSymbolicLink() || entry.isLink()) {
                    if (wanted.test(entry.getName())) {
                        throw new InvalidArchiveException(entry.getName() + " is a link, not a file");
                    }
                    continue;
                }
                read(tar, entry.getName(), entry.isFile() && wanted.test(entry.getName()), budget, found);
            }
        } catch (java.util.zip.ZipException | EOFException | IllegalArgumentException e) {
            throw new InvalidArchiveException("not a valid gzip-compressed tar archive: " + e.getMessage());
        } catch (IOException e) {
            if (e.getMessage() != null && (e.getMessage().contains("Not in GZIP format") || e.getMessage().contains("tar"))) {
                throw new InvalidArchiveException("not a valid gzip-compressed tar archive: " + e.getMessage());
            }
            throw e;
        }
        if (budget.entries == 0) {
            throw new InvalidArchiveException("not a tar archive (no entries)");
        }
        return found;
    }

    private static void read(InputStream entryStream, String name, boolean keep, Budget budget, Map<String, byte[]> found)
            throws IOException, InvalidArchiveException {
        byte[] buffer = new byte[16384];
        java.io.ByteArrayOutputStream kept = keep ? new java.io.ByteArrayOutputStream() : null;
        int n;
        while ((n = entryStream.read(buffer)) > 0) {
            budget.consume(n);
            if (kept != null) {
                if (kept.size() + n > budget.limits.maxWantedFileBytes()) {
                    throw new InvalidArchiveException(name + " is larger than " + budget.limits.maxWantedFileBytes() + " bytes");
                }
                kept.write(buffer, 0, n);
            }
        }
        if (kept != null) {
            if (found.containsKey(name)) {
                throw new InvalidArchiveException(name + " appears twice in the archive");
            }
            found.put(name, kept.toByteArray());
        }
    }

    /** Counts entries and decompressed bytes against the limits. */
    private static final class Budget {
        private final Limits limits;
        private int entries;
        private long bytes;

        Budget(Limits limits) {
            this.limits = limits;
        }

        void enter(String name) throws InvalidArchiveException {
            checkName(name);
            if (++entries > limits.maxEntries()) {
                throw new InvalidArchiveException("archive has more than " + limits.maxEntries() + " entries");
            }
        }

        void consume(int n) throws InvalidArchiveException {
            bytes += n;
            if (bytes > limits.maxTotalBytes()) {
                throw new InvalidArchiveException("archive expands to more than " + limits.maxTotalBytes()
                        + " bytes (a decompression bomb?)");
            }
        }
    }

    /** Refuses names that would leave the archive's root when extracted. */
    static void checkName(String name) throws InvalidArchiveException {
        if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.indexOf('\0') >= 0
                || (name.length() > 1 && name.charAt(1) == ':')) {
            throw new InvalidArchiveException("archive entry name not allowed: " + printable(name));
        }
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                throw new InvalidArchiveException("archive entry escapes the archive: " + printable(name));
            }
        }
    }

    private static String printable(String name) {
        return name.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
