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
    /** OCI images, private and writable. */
    public static final String OCI = "oci-local";
    /** OCI images anyone may pull. */
    public static final String OCI_PUBLIC = "oci-public";
    /** OCI images whose tags matching {@code **:release-*} never move. */
    public static final String OCI_RELEASES = "oci-releases";
    /** OCI images with a 16 KiB quota. */
    public static final String OCI_SMALL = "oci-small";
    /** A hosted PyPI repository. */
    public static final String PYPI = "pypi-hosted";
    /** A hosted PyPI repository with a 16 KiB quota. */
    public static final String PYPI_SMALL = "pypi-small";
    /** A hosted Helm chart repository. */
    public static final String HELM = "helm-hosted";
    /** Not a generic repository. */
    public static final String MAVEN = "maven-hosted";
    /** Maven, release versions only (the default policy). */
    public static final String MAVEN_RELEASES = "maven-releases";
    /** Maven, SNAPSHOT versions only. */
    public static final String MAVEN_SNAPSHOTS = "maven-snapshots";
    /** Maven, releases and SNAPSHOTs, anonymous read. */
    public static final String MAVEN_MIXED = "maven-mixed";

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
            metadata: {name: oci-local}
            spec: {format: oci, type: hosted}
            ---
            apiVersion: granary.io/v1alpha1
            kind: Repository
            metadata: {name: oci-public}
            spec: {format: oci, type: hosted, access: {anonymousRead: true}}
            ---
            apiVersion: granary.io/v1alpha1
            kind: Repository
            metadata: {name: oci-releases}
            spec: {format: oci, type: hosted, immutability: {enabled: true, patterns: ["**:release-*"]}}
            ---
            apiVersion: granary.io/v1alpha1
            kind: Repository
            metadata: {name: oci-small}
            spec: {format: oci, type: hosted, storage: {quota: 16Ki}}
            ---
            apiVersion: granary.io/v1alpha1
            kind: Repository
            metadata: {name: maven-releases}
            spec: {format: maven, type: hosted, maven: {versionPolicy: release}}
            ---
            apiVersion: granary.io/v1alpha1
            kind: Repository
            metadata: {name: maven-snapshots}
            spec: {format: maven, type: hosted, maven: {versionPolicy: snapshot}}
            ---
            apiVersion: granary.io/v1alpha1
            kind: Repository
            metadata: {name: maven-mixed}
            spec: {format: maven, type: hosted, maven: {versionPolicy: mixed}, access: {anonymousRead: true}}
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
