package io.granary.registry.testsupport;

/** The npm repositories every runtime integration test can use. */
public final class NpmTestRepositories {

    /** Private, writable, unpublish allowed. */
    public static final String LOCAL = "npm-local";
    /** Private, writable, unpublish disabled (the default policy). */
    public static final String STRICT = "npm-strict";
    /** A 4 KiB quota. */
    public static final String TINY = "npm-tiny";
    /** Largest publish body the tests configure (granary.npm.max-publish-bytes). */
    public static final long MAX_PUBLISH_BYTES = 1024 * 1024;

    static final String YAML = """
            apiVersion: granary.io/v1alpha1
            kind: Repository
            metadata: {name: npm-local}
            spec: {format: npm, type: hosted, npm: {allowUnpublish: true}}
            ---
            apiVersion: granary.io/v1alpha1
            kind: Repository
            metadata: {name: npm-strict}
            spec: {format: npm, type: hosted}
            ---
            apiVersion: granary.io/v1alpha1
            kind: Repository
            metadata: {name: npm-tiny}
            spec: {format: npm, type: hosted, storage: {quota: 4Ki}}
            """;

    private NpmTestRepositories() {
    }
}
