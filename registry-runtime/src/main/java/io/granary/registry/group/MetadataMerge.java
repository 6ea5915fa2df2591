package io.granary.registry.group;

import java.util.List;

/**
 * How one kind of metadata is combined from the members that have it (maven-metadata.xml, npm
 * packuments, PyPI simple pages, Helm index.yaml, OCI tag lists), with member URLs pointed through
 * the group.
 */
interface MetadataMerge {

    /** One member's answer: who, its content type and its bytes (bounded). */
    record MemberBody(String member, String contentType, byte[] bytes) {
    }

    /** The merged document, with response headers of its own (e.g. a pagination {@code Link}). */
    record Merged(String contentType, byte[] bytes, java.util.Map<String, String> headers) {
        Merged(String contentType, byte[] bytes) {
            this(contentType, bytes, java.util.Map.of());
        }
    }

    /**
     * The merged document from the members' answers, in member order (at least one); throws
     * IllegalArgumentException when a member's document cannot be read.
     */
    Merged merge(GroupRequest request, List<MemberBody> bodies);

    /**
     * What is wrong with the caller's query for this merge (e.g. a page size that is not a number),
     * answered with 400 before any member is asked; null when nothing is.
     */
    default String invalidQuery(GroupRequest request) {
        return null;
    }

    /** The path to fetch from each member (the request's own, unless e.g. a checksum is asked for). */
    default String memberPath(String rest) {
        return rest;
    }

    /** The query string to send each member (the caller's, unless the merge pages the result itself). */
    default String memberQuery(String query) {
        return query;
    }
}
