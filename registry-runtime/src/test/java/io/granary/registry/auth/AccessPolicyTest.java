package io.granary.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.granary.api.v1alpha1.repository.AccessSpec;
import io.granary.api.v1alpha1.repository.Repository;
import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.api.v1alpha1.repository.RepositorySpec;
import io.granary.registry.catalog.RepositoryDefinition;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AccessPolicyTest {

    private static final RepositoryDefinition PRIVATE = repository("private-repo", false);
    private static final RepositoryDefinition PUBLIC = repository("public-repo", true);

    private static final TokenAuthenticator.Result ANONYMOUS = new TokenAuthenticator.Result(Principal.ANONYMOUS, false);
    private static final TokenAuthenticator.Result INVALID = new TokenAuthenticator.Result(Principal.ANONYMOUS, true);

    // --- anonymous and invalid credentials ---

    @ParameterizedTest
    @EnumSource(Action.class)
    void anonymousIsChallengedOnAPrivateRepository(Action action) {
        assertThat(AccessPolicy.decide(ANONYMOUS, PRIVATE, action)).isEqualTo(AccessDecision.CHALLENGE);
    }

    @Test
    void anonymousMayReadARepositoryWithAnonymousRead() {
        assertThat(AccessPolicy.decide(ANONYMOUS, PUBLIC, Action.READ)).isEqualTo(AccessDecision.ALLOW);
    }

    @ParameterizedTest
    @EnumSource(value = Action.class, names = {"WRITE", "DELETE", "ADMIN"})
    void anonymousIsChallengedForAnythingButReadOnAnAnonymousReadRepository(Action action) {
        assertThat(AccessPolicy.decide(ANONYMOUS, PUBLIC, action)).isEqualTo(AccessDecision.CHALLENGE);
    }

    @ParameterizedTest
    @EnumSource(Action.class)
    void invalidCredentialsAreChallengedEvenWhereAnonymousCouldRead(Action action) {
        assertThat(AccessPolicy.decide(INVALID, PUBLIC, action)).isEqualTo(AccessDecision.CHALLENGE);
        assertThat(AccessPolicy.decide(INVALID, PRIVATE, action)).isEqualTo(AccessDecision.CHALLENGE);
    }

    // --- roles on the repository ---

    @Test
    void readerMayRead() {
        assertThat(decide(Map.of("private-repo", Role.READER), Action.READ)).isEqualTo(AccessDecision.ALLOW);
    }

    @Test
    void readerIsForbiddenToWriteOrDelete() {
        assertThat(decide(Map.of("private-repo", Role.READER), Action.WRITE)).isEqualTo(AccessDecision.FORBIDDEN);
        assertThat(decide(Map.of("private-repo", Role.READER), Action.DELETE)).isEqualTo(AccessDecision.FORBIDDEN);
    }

    @Test
    void writerMayReadWriteAndDelete() {
        assertThat(decide(Map.of("private-repo", Role.WRITER), Action.READ)).isEqualTo(AccessDecision.ALLOW);
        assertThat(decide(Map.of("private-repo", Role.WRITER), Action.WRITE)).isEqualTo(AccessDecision.ALLOW);
        assertThat(decide(Map.of("private-repo", Role.WRITER), Action.DELETE)).isEqualTo(AccessDecision.ALLOW);
    }

    @Test
    void adminActionIsForbiddenToAWriter() {
        assertThat(decide(Map.of("private-repo", Role.WRITER), Action.ADMIN)).isEqualTo(AccessDecision.FORBIDDEN);
    }

    @ParameterizedTest
    @EnumSource(Action.class)
    void adminMayDoEverything(Action action) {
        assertThat(decide(Map.of("private-repo", Role.ADMIN), action)).isEqualTo(AccessDecision.ALLOW);
    }

    @ParameterizedTest
    @EnumSource(Action.class)
    void tokenWithoutAGrantOnThisRepositoryIsForbidden(Action action) {
        assertThat(decide(Map.of("other-repo", Role.ADMIN), action)).isEqualTo(AccessDecision.FORBIDDEN);
    }

    @Test
    void tokenWithoutAGrantMayStillReadAnAnonymousReadRepository() {
        assertThat(AccessPolicy.decide(token(Map.of()), PUBLIC, Action.READ)).isEqualTo(AccessDecision.ALLOW);
    }

    @Test
    void tokenWithoutAGrantMayNotWriteAnAnonymousReadRepository() {
        assertThat(AccessPolicy.decide(token(Map.of()), PUBLIC, Action.WRITE)).isEqualTo(AccessDecision.FORBIDDEN);
    }

    // --- the "*" grant ---

    @Test
    void wildcardGrantAppliesToEveryRepository() {
        assertThat(decide(Map.of("*", Role.WRITER), Action.WRITE)).isEqualTo(AccessDecision.ALLOW);
        assertThat(AccessPolicy.decide(token(Map.of("*", Role.WRITER)), PUBLIC, Action.DELETE))
                .isEqualTo(AccessDecision.ALLOW);
    }

    @Test
    void perRepositoryGrantStrongerThanWildcardWins() {
        var grants = Map.of("*", Role.READER, "private-repo", Role.WRITER);

        assertThat(decide(grants, Action.WRITE)).isEqualTo(AccessDecision.ALLOW);
    }

    @Test
    void perRepositoryGrantWeakerThanWildcardDoesNotRestrictIt() {
        var grants = Map.of("*", Role.ADMIN, "private-repo", Role.READER);

        assertThat(decide(grants, Action.ADMIN)).isEqualTo(AccessDecision.ALLOW);
    }

    @Test
    void wildcardReaderIsForbiddenToWrite() {
        assertThat(decide(Map.of("*", Role.READER), Action.WRITE)).isEqualTo(AccessDecision.FORBIDDEN);
    }

    private static AccessDecision decide(Map<String, Role> grants, Action action) {
        return AccessPolicy.decide(token(grants), PRIVATE, action);
    }

    private static TokenAuthenticator.Result token(Map<String, Role> grants) {
        return new TokenAuthenticator.Result(new Principal("ci", UUID.randomUUID(), grants), false);
    }

    /** Built from spec objects; the catalog tests build definitions from YAML. */
    private static RepositoryDefinition repository(String name, boolean anonymousRead) {
        AccessSpec access = new AccessSpec();
        access.setAnonymousRead(anonymousRead);
        RepositorySpec spec = new RepositorySpec();
        spec.setFormat(RepositoryFormat.GENERIC);
        spec.setAccess(access);
        Repository repository = new Repository();
        repository.setMetadata(new ObjectMetaBuilder().withName(name).build());
        repository.setSpec(spec);
        return RepositoryDefinition.of(repository);
    }
}
