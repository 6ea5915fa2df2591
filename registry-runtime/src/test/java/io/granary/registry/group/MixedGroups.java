package io.granary.registry.group;

import io.granary.registry.proxy.ProxyCatalog;
import java.util.Map;

/**
 * Groups that mix a hosted member with a proxy member, declared at run time (the upstream's port is
 * only known then): {@code <group>} reads {@code <format>-a} (hosted, of {@link GroupTestResources})
 * first, then the proxy {@code <group>-remote} of a real upstream on loopback, and deploys to
 * {@code <format>-a}. Each test names its own group, so a catalog left by an earlier test never
 * answers for it.
 */
public final class MixedGroups {

    private MixedGroups() {
    }

    /** The proxy member of {@code group}. */
    public static String remote(String group) {
        return group + "-remote";
    }

    /** Declares the group and its anonymously readable proxy member and waits until both are served. */
    public static void declare(String group, String format, String upstreamUrl, String proxyExtra) {
        declare(group, format, upstreamUrl, proxyExtra, "{anonymousRead: true}");
    }

    /** As {@link #declare(String, String, String, String)} with the proxy's {@code access} spec given. */
    public static void declare(String group, String format, String upstreamUrl, String proxyExtra, String proxyAccess) {
        String remote = remote(group);
        String yaml = ProxyCatalog.proxy(remote, format, upstreamUrl, "1h", false, proxyExtra, proxyAccess)
                + GroupTestResources.repository(group, "{format: " + format + ", type: group, members: [" + format
                        + "-a, " + remote + "], deployMember: " + format + "-a}");
        ProxyCatalog.declare(group + ".yaml", yaml, Map.of(remote, probe(format, remote), group, probe(format, group)));
    }

    /** A path of repository {@code name} that answers "no ... repository named" until the catalog has it. */
    private static String probe(String format, String name) {
        return format.equals("oci") ? "/v2/" + name + "/probe/tags/list" : "/" + format + "/" + name + "/probe";
    }
}
