package io.granary.registry.proxy.pypi;

import io.granary.registry.proxy.Upstream;
import java.net.URI;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file links of a PEP 503 simple page: found by file name (with the upstream URL and the
 * {@code #sha256=} hash it carries) and rewritten to point elsewhere, other attributes kept.
 */
final class SimplePageLinks {

    private static final Pattern HREF = Pattern.compile("(<a\\s[^>]*?href=\")([^\"]*)(\")", Pattern.CASE_INSENSITIVE);
    private static final Pattern SHA256 = Pattern.compile("sha256=([0-9a-fA-F]{64})");

    /** One file link: absolute upstream URL without fragment, and its sha256 when published. */
    record Link(URI url, String sha256) {
    }

    private SimplePageLinks() {
    }

    /** The link to {@code fileName} on the page at {@code pageUrl}, or null. */
    static Link find(String html, URI pageUrl, String fileName) {
        Matcher m = HREF.matcher(html);
        while (m.find()) {
            String href = unescape(m.group(2));
            int hash = href.indexOf('#');
            String target = hash < 0 ? href : href.substring(0, hash);
            if (Upstream.fileName(target).equals(fileName)) {
                Matcher sha = SHA256.matcher(hash < 0 ? "" : href.substring(hash + 1));
                return new Link(pageUrl.resolve(target), sha.find() ? sha.group(1).toLowerCase(java.util.Locale.ROOT) : null);
            }
        }
        return null;
    }

    /** The page with every href replaced by {@code rewrite(fileName)} plus its original fragment. */
    static String rewrite(String html, UnaryOperator<String> rewrite) {
        Matcher m = HREF.matcher(html);
        StringBuilder out = new StringBuilder(html.length() + 256);
        while (m.find()) {
            String href = unescape(m.group(2));
            int hash = href.indexOf('#');
            String target = hash < 0 ? href : href.substring(0, hash);
            String fragment = hash < 0 ? "" : href.substring(hash);
            String replaced = rewrite.apply(Upstream.fileName(target)) + fragment;
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + escape(replaced) + m.group(3)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String unescape(String s) {
        return s.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
