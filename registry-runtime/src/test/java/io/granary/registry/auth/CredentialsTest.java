package io.granary.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialsTest {

    @ParameterizedTest(name = "[{0}]")
    @NullSource
    @ValueSource(strings = {"", "   "})
    void noHeaderMeansNoCredentials(String header) {
        assertThat(Credentials.secretFrom(header)).isEmpty();
    }

    @Test
    void bearerCarriesTheToken() {
        assertThat(Credentials.secretFrom("Bearer gra_secret")).contains("gra_secret");
    }

    @Test
    void schemeIsCaseInsensitive() {
        assertThat(Credentials.secretFrom("bearer gra_secret")).contains("gra_secret");
        assertThat(Credentials.secretFrom("BASIC " + basic("u:gra_secret"))).contains("gra_secret");
    }

    @Test
    void whitespaceAroundTheTokenIsIgnored() {
        assertThat(Credentials.secretFrom("  Bearer   gra_secret  ")).contains("gra_secret");
    }

    @Test
    void basicCarriesTheTokenAsPasswordWhateverTheUser() {
        assertThat(Credentials.secretFrom("Basic " + basic("ci-bot:gra_secret"))).contains("gra_secret");
        assertThat(Credentials.secretFrom("Basic " + basic(":gra_secret"))).contains("gra_secret");
    }

    @Test
    void basicPasswordMayContainColons() {
        assertThat(Credentials.secretFrom("Basic " + basic("user:gra:sec:ret"))).contains("gra:sec:ret");
    }

    @Test
    void basicWithoutColonYieldsAnEmptySecret() {
        assertThat(Credentials.secretFrom("Basic " + basic("just-a-user"))).contains("");
    }

    @Test
    void basicWithInvalidBase64YieldsAnEmptySecret() {
        assertThat(Credentials.secretFrom("Basic not*base64!")).contains("");
    }

    @Test
    void unknownSchemeYieldsAnEmptySecret() {
        assertThat(Credentials.secretFrom("Digest username=x")).contains("");
    }

    @Test
    void headerWithoutSchemeYieldsAnEmptySecret() {
        assertThat(Credentials.secretFrom("gra_secret")).contains("");
        assertThat(Credentials.secretFrom("Bearer")).contains("");
    }

    private static String basic(String userColonPassword) {
        return Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }
}
