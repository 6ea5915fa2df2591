package io.granary.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenSecretsTest {

    @Test
    void generatedSecretCarriesThePrefix() {
        assertThat(TokenSecrets.generate()).startsWith("gra_").startsWith(TokenSecrets.PREFIX);
    }

    @Test
    void generatedSecretIs256BitsOfUrlSafeBase64() {
        String secret = TokenSecrets.generate();

        // 32 bytes → 43 unpadded base64url characters.
        assertThat(secret.substring(TokenSecrets.PREFIX.length())).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void generatedSecretIsLongEnoughToBeAccepted() {
        assertThat(TokenSecrets.generate().length()).isGreaterThanOrEqualTo(TokenSecrets.MIN_LENGTH);
    }

    @Test
    void generatedSecretsAreUnique() {
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            secrets.add(TokenSecrets.generate());
        }

        assertThat(secrets).hasSize(10_000);
    }

    @Test
    void hashIs64LowerCaseHexCharacters() {
        assertThat(TokenSecrets.hash(TokenSecrets.generate())).matches("[0-9a-f]{64}");
    }

    @Test
    void hashIsSha256OfTheUtf8Secret() {
        assertThat(TokenSecrets.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void hashIsDeterministic() {
        String secret = TokenSecrets.generate();

        assertThat(TokenSecrets.hash(secret)).isEqualTo(TokenSecrets.hash(secret));
    }

    @Test
    void differentSecretsHaveDifferentHashes() {
        assertThat(TokenSecrets.hash("gra_secret-one")).isNotEqualTo(TokenSecrets.hash("gra_secret-two"));
    }
}
