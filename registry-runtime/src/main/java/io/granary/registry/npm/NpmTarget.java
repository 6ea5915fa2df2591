package io.granary.registry.npm;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * What a path below {@code /npm/<repository>/} names, parsed from the raw (percent-encoded) path.
 * npm escapes the scope's slash ({@code @acme%2fwidgets}); the plain form is accepted too.
 *
 * @param pkg the package, or null for registry-wide endpoints
 * @param detail the tag, tarball file name, version, user name, login session or token the kind needs
 */
record NpmTarget(Kind kind, NpmPackageName pkg, String detail) {

    /** The resources of the npm registry API that Granary serves or answers. */
    enum Kind {
        PING, WHOAMI, WEB_LOGIN, WEB_LOGIN_PAGE, WEB_LOGIN_DONE, USER, USER_TOKEN, AUDIT, DIST_TAGS, DIST_TAG, PACKUMENT, PACKAGE_REVISION, VERSION, TARBALL,
        TARBALL_REVISION, UNKNOWN
    }

    private static final String USER_PREFIX = "-/user/org.couchdb.user:";
    private static final String USER_TOKEN_PREFIX = "-/user/token/";
    private static final String LOGIN_PAGE_PREFIX = "-/v1/login/";
    private static final String LOGIN_DONE_PREFIX = "-/v1/done/";
    private static final String DIST_TAGS_PREFIX = "-/package/";

    /** Throws IllegalArgumentException for an invalid package name. */
    static NpmTarget parse(String raw) {
        if (raw.startsWith("-/")) {
            return registryEndpoint(raw);
        }
        List<String> segments = segments(raw);
        int rest = segments.get(0).startsWith("@") && segments.size() > 1 ? 2 : 1;
        NpmPackageName pkg = NpmPackageName.parse(String.join("/", segments.subList(0, rest)));
        List<String> tail = segments.subList(rest, segments.size());
        return switch (tail.size()) {
            case 0 -> new NpmTarget(Kind.PACKUMENT, pkg, null);
            case 1 -> new NpmTarget(Kind.VERSION, pkg, tail.get(0));
            case 2 -> tail.get(0).equals("-rev") ? new NpmTarget(Kind.PACKAGE_REVISION, pkg, tail.get(1))
                    : tail.get(0).equals("-") ? new NpmTarget(Kind.TARBALL, pkg, tail.get(1))
                    : unknown();
            case 4 -> tail.get(0).equals("-") && tail.get(2).equals("-rev")
                    ? new NpmTarget(Kind.TARBALL_REVISION, pkg, tail.get(1)) : unknown();
            default -> unknown();
        };
    }

    private static NpmTarget registryEndpoint(String encoded) {
        String raw = encoded.replace("%3A", ":").replace("%3a", ":");
        if (raw.equals("-/ping")) {
            return new NpmTarget(Kind.PING, null, null);
        }
        if (raw.equals("-/whoami")) {
            return new NpmTarget(Kind.WHOAMI, null, null);
        }
        if (raw.equals("-/v1/login")) {
            return new NpmTarget(Kind.WEB_LOGIN, null, null);
        }
        if (raw.startsWith(LOGIN_PAGE_PREFIX)) {
            return new NpmTarget(Kind.WEB_LOGIN_PAGE, null, raw.substring(LOGIN_PAGE_PREFIX.length()));
        }
        if (raw.startsWith(LOGIN_DONE_PREFIX)) {
            return new NpmTarget(Kind.WEB_LOGIN_DONE, null, raw.substring(LOGIN_DONE_PREFIX.length()));
        }
        if (raw.startsWith(USER_PREFIX)) {
            return new NpmTarget(Kind.USER, null, decode(raw.substring(USER_PREFIX.length())));
        }
        if (raw.startsWith(USER_TOKEN_PREFIX)) {
            // npm logout: DELETE /-/user/token/<the token itself, URI-encoded>
            return new NpmTarget(Kind.USER_TOKEN, null, percentDecoded(raw.substring(USER_TOKEN_PREFIX.length())));
        }
        if (raw.startsWith("-/npm/v1/security/")) {
            return new NpmTarget(Kind.AUDIT, null, null);
        }
        if (raw.startsWith(DIST_TAGS_PREFIX)) {
            List<String> segments = segments(raw.substring(DIST_TAGS_PREFIX.length()));
            int rest = segments.get(0).startsWith("@") && segments.size() > 1 ? 2 : 1;
            NpmPackageName pkg = NpmPackageName.parse(String.join("/", segments.subList(0, rest)));
            List<String> tail = segments.subList(rest, segments.size());
            if (tail.size() == 1 && tail.get(0).equals("dist-tags")) {
                return new NpmTarget(Kind.DIST_TAGS, pkg, null);
            }
            if (tail.size() == 2 && tail.get(0).equals("dist-tags")) {
                return new NpmTarget(Kind.DIST_TAG, pkg, tail.get(1));
            }
        }
        return unknown();
    }

    private static List<String> segments(String raw) {
        String path = raw.replace("%2f", "/").replace("%2F", "/").replace("%40", "@");
        return Arrays.stream(path.split("/", -1)).map(NpmTarget::decode).toList();
    }

    /** Decodes the few escapes npm uses in names, tags and versions; anything else stays as sent. */
    private static String decode(String segment) {
        return segment.replace("%3A", ":").replace("%3a", ":").replace("%2B", "+").replace("%2b", "+");
    }

    /** Fully percent-decoded; a malformed escape leaves the text as sent (it then matches no token). */
    private static String percentDecoded(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }

    private static NpmTarget unknown() {
        return new NpmTarget(Kind.UNKNOWN, null, null);
    }
}
