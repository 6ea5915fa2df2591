package io.granary.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PrincipalTest {

    @Test
    void noGrantMeansNoRole() {
        assertThat(token(Map.of("other", Role.ADMIN)).roleOn("app")).isEmpty();
    }

    @Test
    void directGrantApplies() {
        assertThat(token(Map.of("app", Role.WRITER)).roleOn("app")).contains(Role.WRITER);
    }

    @Test
    void wildcardGrantAppliesToEveryRepository() {
        Principal principal = token(Map.of("*", Role.READER));

        assertThat(principal.roleOn("app")).contains(Role.READER);
        assertThat(principal.roleOn("anything-else")).contains(Role.READER);
    }

    @Test
    void directGrantStrongerThanWildcardWins() {
        assertThat(token(Map.of("*", Role.READER, "app", Role.WRITER)).roleOn("app")).contains(Role.WRITER);
    }

    @Test
    void wildcardStrongerThanDirectGrantWins() {
        assertThat(token(Map.of("*", Role.ADMIN, "app", Role.READER)).roleOn("app")).contains(Role.ADMIN);
    }

    @Test
    void equalGrantsGiveThatRole() {
        assertThat(token(Map.of("*", Role.WRITER, "app", Role.WRITER)).roleOn("app")).contains(Role.WRITER);
    }

    @Test
    void anonymousHasNoTokenAndNoRole() {
        assertThat(Principal.ANONYMOUS.isAnonymous()).isTrue();
        assertThat(Principal.ANONYMOUS.roleOn("app")).isEmpty();
        assertThat(Principal.ANONYMOUS.isGlobalAdmin()).isFalse();
    }

    @Test
    void aTokenIsNotAnonymousEvenWithoutGrants() {
        assertThat(token(Map.of()).isAnonymous()).isFalse();
    }

    @Test
    void globalAdminNeedsAdminOnTheWildcard() {
        assertThat(token(Map.of("*", Role.ADMIN)).isGlobalAdmin()).isTrue();
        assertThat(token(Map.of("app", Role.ADMIN)).isGlobalAdmin()).isFalse();
        assertThat(token(Map.of("*", Role.WRITER)).isGlobalAdmin()).isFalse();
    }

    private static Principal token(Map<String, Role> grants) {
        return new Principal("ci", UUID.randomUUID(), grants);
    }
}
