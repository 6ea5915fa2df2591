package io.granary.registry.group;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PyPI simple pages of a group, HTML (PEP 503) and JSON (PEP 691): the project list is the union of
 * the members' projects, a project page the union of their files by file name (the first member's
 * file wins), every file URL pointed through the group. Members answer the caller's Accept; each page
 * is read into PEP 691 file entries and written back in the first member's content type.
 */
final class PypiSimpleMerge implements MetadataMerge {

    static final String JSON = "application/vnd.pypi.simple.v1+json";
    private static final Pattern NORMALIZED_PROJECT = Pattern.compile("simple/[a-z0-9]+(-[a-z0-9]+)*/");
    private static final Pattern ANCHOR = Pattern.compile("<a\\s([^>]*)>([^<]*)</a>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z-]+)\\s*=\\s*\"([^\"]*)\"");

    private final boolean projectList;

    private PypiSimpleMerge(boolean projectList) {
        this.projectList = projectList;
    }

    /** The merge for the project list or a (normalized) project page, else null. */
    static PypiSimpleMerge forPath(String rest) {
        if (rest.equals("simple/")) {
            return new PypiSimpleMerge(true);
        }
        return NORMALIZED_PROJECT.matcher(rest).matches() ? new PypiSimpleMerge(false) : null;
    }

    @Override
    public Merged merge(GroupRequest request, List<MemberBody> bodies) {
        boolean json = isJson(bodies.get(0));
        Map<String, JsonObject> entries = new LinkedHashMap<>();
        TreeSet<String> versions = new TreeSet<>();
        String name = null;
        for (MemberBody body : bodies) {
            String text = new String(body.bytes(), StandardCharsets.UTF_8);
            if (isJson(body)) {
                JsonObject page = parse(body, text);
                name = name == null ? page.getString("name") : name;
                page.getJsonArray("versions", new JsonArray()).forEach(v -> versions.add(String.valueOf(v)));
                for (Object o : page.getJsonArray(projectList ? "projects" : "files", new JsonArray())) {
                    if (o instanceof JsonObject entry) {
                        add(request, body.member(), entries, entry);
                    }
                }
            } else {
                Matcher anchor = ANCHOR.matcher(text);
                while (anchor.find()) {
                    add(request, body.member(), entries, fromAnchor(anchor.group(1), unescape(anchor.group(2).strip())));
                }
            }
        }
        String project = name != null || projectList ? name
                : request.rest().substring("simple/".length(), request.rest().length() - 1);
        String page = json ? json(project, entries, versions) : html(project, entries);
        return new Merged(json ? JSON : "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
    }

    private void add(GroupRequest request, String member, Map<String, JsonObject> entries, JsonObject entry) {
        String key = entry.getString(projectList ? "name" : "filename");
        if (key == null || entries.containsKey(key)) {
            return;
        }
        if (!projectList && entry.getString("url") != null) {
            entry.put("url", request.throughGroup(member, entry.getString("url")));
        }
        entries.put(key, entry);
    }

    /** A PEP 503 anchor as a PEP 691 entry. */
    private JsonObject fromAnchor(String attributes, String text) {
        if (projectList) {
            return new JsonObject().put("name", text);
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        Matcher a = ATTRIBUTE.matcher(attributes);
        while (a.find()) {
            attrs.put(a.group(1).toLowerCase(), unescape(a.group(2)));
        }
        String href = attrs.getOrDefault("href", "");
        int hash = href.indexOf('#');
        JsonObject hashes = new JsonObject();
        if (hash >= 0 && href.indexOf('=', hash) > 0) {
            hashes.put(href.substring(hash + 1, href.indexOf('=', hash)), href.substring(href.indexOf('=', hash) + 1));
        }
        JsonObject entry = new JsonObject().put("filename", text).put("url", hash < 0 ? href : href.substring(0, hash))
                .put("hashes", hashes);
        if (attrs.containsKey("data-requires-python")) {
            entry.put("requires-python", attrs.get("data-requires-python"));
        }
        if (attrs.containsKey("data-yanked")) {
            String reason = attrs.get("data-yanked");
            entry.put("yanked", reason.isEmpty() ? Boolean.TRUE : reason);
        }
        String metadata = attrs.getOrDefault("data-core-metadata", attrs.get("data-dist-info-metadata"));
        if (metadata != null && metadata.startsWith("sha256=")) {
            entry.put("core-metadata", new JsonObject().put("sha256", metadata.substring(7)));
        }
        return entry;
    }

    private String json(String project, Map<String, JsonObject> entries, TreeSet<String> versions) {
        JsonObject page = new JsonObject().put("meta", new JsonObject().put("api-version", "1.1"));
        if (projectList) {
            return page.put("projects", new JsonArray(List.copyOf(entries.values()))).encode();
        }
        return page.put("name", project).put("versions", new JsonArray(List.copyOf(versions)))
                .put("files", new JsonArray(List.copyOf(entries.values()))).encode();
    }

    private String html(String project, Map<String, JsonObject> entries) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html>\n  <head>\n"
                + "    <meta name=\"pypi:repository-version\" content=\"1.1\">\n    <title>")
                .append(escape(projectList ? "Simple index" : "Links for " + project)).append("</title>\n  </head>\n  <body>\n");
        for (JsonObject e : entries.values()) {
            if (projectList) {
                String name = e.getString("name");
                html.append("    <a href=\"").append(escape(normalize(name))).append("/\">").append(escape(name))
                        .append("</a><br/>\n");
                continue;
            }
            StringBuilder href = new StringBuilder(e.getString("url", ""));
            JsonObject hashes = e.getJsonObject("hashes", new JsonObject());
            String algorithm = hashes.containsKey("sha256") ? "sha256" : hashes.fieldNames().stream().findFirst().orElse(null);
            if (algorithm != null) {
                href.append('#').append(algorithm).append('=').append(hashes.getValue(algorithm));
            }
            html.append("    <a href=\"").append(escape(href.toString())).append('"');
            if (e.getValue("requires-python") instanceof String rp) {
                html.append(" data-requires-python=\"").append(escape(rp)).append('"');
            }
            Object yanked = e.getValue("yanked");
            if (yanked instanceof String || Boolean.TRUE.equals(yanked)) {
                html.append(" data-yanked=\"").append(escape(yanked instanceof String r ? r : "")).append('"');
            }
            Object metadata = e.getValue("core-metadata", e.getValue("dist-info-metadata"));
            if (metadata instanceof JsonObject m && m.getValue("sha256") instanceof String sha) {
                html.append(" data-core-metadata=\"sha256=").append(escape(sha)).append('"')
                        .append(" data-dist-info-metadata=\"sha256=").append(escape(sha)).append('"');
            }
            html.append('>').append(escape(e.getString("filename"))).append("</a><br/>\n");
        }
        return html.append("  </body>\n</html>\n").toString();
    }

    private static boolean isJson(MemberBody body) {
        return body.contentType() != null && body.contentType().contains("json");
    }

    private static JsonObject parse(MemberBody body, String text) {
        try {
            return new JsonObject(text);
        } catch (DecodeException e) {
            throw new IllegalArgumentException("the simple page of " + body.member() + " is not JSON");
        }
    }

    private static String normalize(String name) {
        return name.toLowerCase().replaceAll("[-_.]+", "-");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }
}
