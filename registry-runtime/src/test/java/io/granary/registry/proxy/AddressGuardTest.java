package io.granary.registry.proxy;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class AddressGuardTest {

    @Test
    void loopbackAndLinkLocalNeedTheRepositorysPermission() {
        for (String url : new String[] {"http://127.0.0.1/", "http://[::1]/", "http://169.254.10.1/", "http://[fe80::1]/",
                "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/"}) {
            assertThatThrownBy(() -> AddressGuard.check(URI.create(url), false)).as(url)
                    .isInstanceOf(UpstreamRefusedException.class).hasMessageContaining("allowPrivateAddresses");
        }
        assertThatCode(() -> AddressGuard.check(URI.create("http://127.0.0.1:8080/x"), true)).doesNotThrowAnyException();
    }

    @Test
    void metadataEndpointsAreRefusedEvenWhenPrivateAddressesAreAllowed() {
        for (String url : new String[] {"http://169.254.169.254/latest/", "http://[fd00:ec2::254]/", "http://100.100.100.200/"}) {
            assertThatThrownBy(() -> AddressGuard.check(URI.create(url), true)).as(url)
                    .isInstanceOf(UpstreamRefusedException.class).hasMessageContaining("metadata");
        }
    }

    @Test
    void onlyHttpSchemesAreAccepted() {
        assertThatThrownBy(() -> AddressGuard.check(URI.create("file:///etc/passwd"), true))
                .isInstanceOf(UpstreamRefusedException.class);
        assertThatCode(() -> AddressGuard.check(URI.create("http://10.1.2.3/"), false)).doesNotThrowAnyException();
    }

    @Test
    void credentialsNeverShowInToString() {
        UpstreamCredentials basic = UpstreamCredentials.of(java.util.Map.of("username", "u", "password", "p4ss"));
        org.assertj.core.api.Assertions.assertThat(basic.toString()).doesNotContain("p4ss").doesNotContain("Basic");
        org.assertj.core.api.Assertions.assertThat(UpstreamCredentials.of(java.util.Map.of("token", " t0k "))
                .authorization()).isEqualTo("Bearer t0k");
        org.assertj.core.api.Assertions.assertThat(UpstreamCredentials.of(java.util.Map.of("username", "u"))).isNull();
    }
}
