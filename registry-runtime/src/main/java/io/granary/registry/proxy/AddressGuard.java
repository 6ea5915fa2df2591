package io.granary.registry.proxy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * Keeps upstream requests (the configured URL and every redirect hop) away from the node itself and
 * from cloud metadata services: a Repository author must not be able to make the runtime read
 * loopback or link-local endpoints unless the Repository says {@code allowPrivateAddresses}. Replication checks its
 * remote source and target the same way.
 */
public final class AddressGuard {

    /**
     * Cloud metadata endpoints, refused even when private addresses are allowed: no upstream lives there
     * (AWS/GCP/Azure IMDS, AWS ECS task metadata, AWS IPv6 IMDS, Alibaba Cloud).
     */
    private static final Set<String> METADATA = Set.of("169.254.169.254", "169.254.170.2", "fd00:ec2:0:0:0:0:0:254",
            "100.100.100.200");

    private AddressGuard() {
    }

    /** Throws {@link UpstreamRefusedException} when {@code uri} is not http(s) or resolves to a forbidden address. */
    public static void check(URI uri, boolean allowPrivate) throws UpstreamRefusedException {
        String scheme = uri.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new UpstreamRefusedException("upstream URL must be http or https");
        }
        String host = uri.getHost();
        if (host == null) {
            throw new UpstreamRefusedException("upstream URL has no host");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new UpstreamRefusedException("upstream host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (METADATA.contains(address.getHostAddress())) {
                throw new UpstreamRefusedException("upstream host " + host + " is a cloud metadata address");
            }
            if (!allowPrivate && isLocal(address)) {
                throw new UpstreamRefusedException("upstream host " + host
                        + " resolves to a loopback or link-local address (allowPrivateAddresses is off)");
            }
        }
    }

    private static boolean isLocal(InetAddress address) {
        InetAddress a = unmapped(address);
        return a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress() || a.isMulticastAddress();
    }

    /** An IPv4-mapped IPv6 address ({@code ::ffff:127.0.0.1}) is judged as the IPv4 address it carries. */
    private static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && b[10] == (byte) 0xff && b[11] == (byte) 0xff) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    return address;
                }
            }
        }
        return address;
    }
}
