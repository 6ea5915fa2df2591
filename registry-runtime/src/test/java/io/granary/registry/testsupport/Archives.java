package io.granary.registry.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Builds zip and tar.gz archives exactly as given, hostile entry names included, for upload tests. */
public final class Archives {

    private Archives() {
    }

    /** A zip of the entries, in order. */
    public static byte[] zip(Map<String, byte[]> entries) {
        try (var bytes = new ByteArrayOutputStream(); var zip = new ZipOutputStream(bytes)) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
            zip.finish();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A gzip-compressed tar of the entries, in order; names are kept as given (absolute, ../). */
    public static byte[] tarGz(Map<String, byte[]> entries) {
        try (var bytes = new ByteArrayOutputStream()) {
            try (var tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                for (var e : entries.entrySet()) {
                    TarArchiveEntry entry = new TarArchiveEntry(e.getKey(), true);
                    entry.setSize(e.getValue().length);
                    tar.putArchiveEntry(entry);
                    tar.write(e.getValue());
                    tar.closeArchiveEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
