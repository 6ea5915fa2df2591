package io.granary.registry.group;

/**
 * Points a member's URLs through the group: the member's path prefix ({@code /npm/<member>/}) in an
 * absolute or root-relative URL becomes the group's, so clients keep talking to the group.
 */
final class MemberUrls {

    private MemberUrls() {
    }

    /** {@code url} with the first {@code <prefix><member>/} replaced by {@code <prefix><group>/}. */
    static String rewrite(String url, String prefix, String member, String group) {
        if (url == null) {
            return null;
        }
        String from = prefix + member + "/";
        int at = url.indexOf(from);
        if (at < 0) {
            return url;
        }
        return url.substring(0, at) + prefix + group + "/" + url.substring(at + from.length());
    }
}
