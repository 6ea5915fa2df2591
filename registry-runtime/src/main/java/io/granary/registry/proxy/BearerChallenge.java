package io.granary.registry.proxy;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code WWW-Authenticate: Bearer realm=...,service=...,scope=...} challenge (the OCI distribution token
 * flow): where to ask for a token and for what.
 */
record BearerChallenge(URI realm, String service, String scope) {

    private static final Pattern PARAM = Pattern.compile("([a-zA-Z]+)=\"([^\"]*)\"");

    /** The challenge, or null when the header is not a Bearer challenge with a realm. */
    static BearerChallenge parse(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(header.substring(7));
        while (m.find()) {
            params.put(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2));
        }
        String realm = params.get("realm");
        if (realm == null) {
            return null;
        }
        try {
            return new BearerChallenge(URI.create(realm), params.get("service"), params.get("scope"));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The token request URL. */
    URI tokenUri() {
        StringBuilder query = new StringBuilder();
        if (service != null) {
            query.append("service=").append(URLEncoder.encode(service, StandardCharsets.UTF_8));
        }
        if (scope != null) {
            query.append(query.length() == 0 ? "" : "&").append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        }
        String base = realm.toString();
        return query.length() == 0 ? realm : URI.create(base + (base.contains("?") ? "&" : "?") + query);
    }

    /** Key of tokens that answer this challenge. */
    String key() {
        return realm + " " + service + " " + scope;
    }
}
