package io.granary.registry.testsupport;

/** The repositories every runtime integration test can use. */
public final class TestRepositories {

    /** Private, writable, 2 MiB quota. */
    public static final String FILES = "files";
    /** Anonymous read allowed. */
    public static final String PUBLIC = "public-files";
    /** Every path immutable once written. */
    public static final String RELEASES = "releases";
    /** Only paths under release/ are immutable. */
    public static final String MIXED = "mixed";
    /** A 1 KiB quota. */
    public static final String TINY = "tiny";
    /** A hosted PyPI repository. */
    public static final String PYPI = "pypi-hosted";
    /** A hosted PyPI repository with a 16 KiB quota. */
    public static final String PYPI_SMALL = "pypi-small";
    /** A hosted Helm chart repository. */
    public static final String HELM = "helm-hosted";
    /** Not a generic repository. */
    public static final String MAVEN = "maven-hosted";

    static final String YAML = """
            apiVersion: granary.io/v1alpha1
            kind: Repository
            metadata: {name: files}
            spec: {format: generic, type: hosted, storage: {quota: 64Mi}}
            ---
            apiVersion: granary.io/v1alpha1
            kind: Repository
            metadata: {name: public-files}
            spec: {format: generic, type: hosted, access: {anonymousRead: true}}
            ---
            apiVersion: granary.io/v1alpha1
            kind: Repository
            metadata: {name: releases}
            spec: {format: generic, type: hosted, immutability: {enabled: true}}
            ---
            apiVersion: granary.io/v1alpha1
            kind: Repository
            metadata: {name: mixed}
            spec: {format: generic, type: hosted, immutability: {enabled: true, patterns: ["release/**"]}}
            ---
            apiVersion: granary.io/v1alpha1
            kind: Repository
            metadata: {name: tiny}
            spec: {format: generic, type: hosted, storage: {quota: 1Ki}}
            ---
            apiVersion: granary.io/v1alpha1
            kind: Repository
            metadata: {name: maven-hosted}
            spec: {format: maven, type: hosted}
            ---
            apiVersion: granary.io/v1alpha1
            kind: Repository
            metadata: {name: pypi-hosted}
            spec: {format: pypi, type: hosted}
            ---
            apiVersion: granary.io/v1alpha1
            kind: Repository
            metadata: {name: pypi-small}
            spec: {format: pypi, type: hosted, storage: {quota: 16Ki}}
            ---
            apiVersion: granary.io/v1alpha1
            kind: Repository
            metadata: {name: helm-hosted}
            spec: {format: helm, type: hosted}
            """;

    private TestRepositories() {
    }
}
