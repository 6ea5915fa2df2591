package io.granary.registry.npm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.granary.registry.auth.TokenSecrets;
import org.junit.jupiter.api.Test;

/** The secrets of npm login: sealed at rest, parsed from paths, kept out of log lines. */
class NpmLoginSecretsTest {

    @Test
    void aSealedTokenOpensOnlyWithItsDoneSecret() {
        String token = TokenSecrets.generate();
        String done = LoginSeal.newDoneSecret();
        String sealed = LoginSeal.seal(token, done);
        assertThat(sealed).doesNotContain(token.substring(4));
        assertThat(LoginSeal.unseal(sealed, done)).isEqualTo(token);
        assertThat(LoginSeal.unseal(sealed, LoginSeal.newDoneSecret())).isNotEqualTo(token);
        assertThat(LoginSeal.newDoneSecret()).isNotEqualTo(done).hasSize(43);
    }

    @Test
    void aSecretLongerThanThePadIsRefused() {
        assertThatThrownBy(() -> LoginSeal.seal("x".repeat(65), LoginSeal.newDoneSecret()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void loginPathsNameTheirKinds() {
        assertThat(NpmTarget.parse("-/v1/login").kind()).isEqualTo(NpmTarget.Kind.WEB_LOGIN);
        NpmTarget page = NpmTarget.parse("-/v1/login/4f1c0f1e-0000-4000-8000-000000000001");
        assertThat(page.kind()).isEqualTo(NpmTarget.Kind.WEB_LOGIN_PAGE);
        assertThat(page.detail()).isEqualTo("4f1c0f1e-0000-4000-8000-000000000001");
        assertThat(NpmTarget.parse("-/v1/done/abc_-").detail()).isEqualTo("abc_-");
        NpmTarget logout = NpmTarget.parse("-/user/token/gra_a%2Bb-c");
        assertThat(logout.kind()).isEqualTo(NpmTarget.Kind.USER_TOKEN);
        assertThat(logout.detail()).isEqualTo("gra_a+b-c");
        assertThat(NpmTarget.parse("-/user/token/bad%zz").detail()).isEqualTo("bad%zz");
        assertThat(NpmTarget.parse("-/user/org.couchdb.user:dev").detail()).isEqualTo("dev");
    }

    @Test
    void secretsInPathsAreRedactedForLogs() {
        assertThat(NpmErrors.redacted("/npm/r/-/user/token/gra_secret")).isEqualTo("/npm/r/-/user/token/<redacted>");
        assertThat(NpmErrors.redacted("/npm/r/-/v1/done/s3cret")).isEqualTo("/npm/r/-/v1/done/<redacted>");
        assertThat(NpmErrors.redacted("/npm/r/lib-a")).isEqualTo("/npm/r/lib-a");
    }
}
