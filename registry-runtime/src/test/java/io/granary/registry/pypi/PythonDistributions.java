package io.granary.registry.pypi;

import io.granary.registry.testsupport.Archives;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds small but real wheels and sdists (and hostile variants) for upload tests. */
public final class PythonDistributions {

    private PythonDistributions() {
    }

    public static String metadata(String name, String version, String requiresPython) {
        return "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\nSummary: test package\n"
                + (requiresPython == null ? "" : "Requires-Python: " + requiresPython + "\n") + "\nA description.\n";
    }

    /** A wheel {@code <name>-<version>-py3-none-any.whl} with the given METADATA. */
    public static byte[] wheel(String distName, String version, String metadata) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        String module = distName.toLowerCase(java.util.Locale.ROOT);
        entries.put(module + "/__init__.py", "VALUE = 42\n".getBytes(StandardCharsets.UTF_8));
        String info = distName + "-" + version + ".dist-info/";
        entries.put(info + "METADATA", metadata.getBytes(StandardCharsets.UTF_8));
        entries.put(info + "WHEEL", "Wheel-Version: 1.0\nGenerator: granary-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
                .getBytes(StandardCharsets.UTF_8));
        entries.put(info + "RECORD", (module + "/__init__.py,,\n" + info + "METADATA,,\n" + info + "WHEEL,,\n" + info + "RECORD,,\n")
                .getBytes(StandardCharsets.UTF_8));
        return zip(entries);
    }

    static byte[] zip(Map<String, byte[]> entries) {
        return Archives.zip(entries);
    }

    /** An sdist {@code <name>-<version>.tar.gz} with PKG-INFO. */
    public static byte[] sdist(String distName, String version, String metadata) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        String top = distName + "-" + version + "/";
        entries.put(top + "PKG-INFO", metadata.getBytes(StandardCharsets.UTF_8));
        entries.put(top + "pyproject.toml", ("[project]\nname = \"" + distName + "\"\nversion = \"" + version + "\"\n")
                .getBytes(StandardCharsets.UTF_8));
        return tarGz(entries);
    }

    static byte[] tarGz(Map<String, byte[]> entries) {
        return Archives.tarGz(entries);
    }

    /** A zip whose one entry expands to {@code bytes} zeros (compresses about 1000:1). */
    static byte[] zipBomb(String entryName, long bytes) {
        try (var out = new ByteArrayOutputStream(); var zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(entryName));
            byte[] zeros = new byte[1 << 20];
            for (long written = 0; written < bytes; written += zeros.length) {
                zip.write(zeros);
            }
            zip.closeEntry();
            zip.finish();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
