package io.granary.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes Repository definitions (the CR schema) into a standalone runtime's repositories dir. */
public final class RepositoryDefinitions {

    private RepositoryDefinitions() {
    }

    /** A hosted OCI repository without anonymous read; returns the repositories dir. */
    public static Path ociHosted(Path reposDir, String name) {
        String yaml = """
                apiVersion: granary.io/v1alpha1
                kind: Repository
                metadata: {name: %s}
                spec: {format: oci, type: hosted, access: {anonymousRead: false}}
                """.formatted(name);
        try {
            Files.createDirectories(reposDir);
            Files.writeString(reposDir.resolve(name + ".yaml"), yaml);
            return reposDir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A hosted generic repository without anonymous read; returns the repositories dir. */
    public static Path genericHosted(Path reposDir, String name) {
        String yaml = """
                apiVersion: granary.io/v1alpha1
                kind: Repository
                metadata: {name: %s}
                spec: {format: generic, type: hosted, access: {anonymousRead: false}, storage: {quota: 10Gi}}
                """.formatted(name);
        try {
            Files.createDirectories(reposDir);
            Files.writeString(reposDir.resolve(name + ".yaml"), yaml);
            return reposDir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
