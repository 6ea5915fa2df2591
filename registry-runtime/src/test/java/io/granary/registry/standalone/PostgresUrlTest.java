package io.granary.registry.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresUrlTest {

    @Test
    void splitsAFullUrl() {
        PostgresUrl url = PostgresUrl.parse("postgresql://granary:s3cret@db.internal:6543/artifacts");

        assertThat(url).isEqualTo(new PostgresUrl("db.internal", 6543, "artifacts", "granary", "s3cret"));
    }

    @Test
    void percentDecodesUserAndPassword() {
        PostgresUrl url = PostgresUrl.parse("postgresql://gr%40nary:p%40ss%3Aw%2Fo%25rd@db/artifacts");

        assertThat(url.user()).isEqualTo("gr@nary");
        assertThat(url.password()).isEqualTo("p@ss:w/o%rd");
    }

    @Test
    void userWithoutPasswordHasAnEmptyPassword() {
        PostgresUrl url = PostgresUrl.parse("postgresql://alice@db/artifacts");

        assertThat(url.user()).isEqualTo("alice");
        assertThat(url.password()).isEmpty();
    }

    @Test
    void defaultsPortDatabaseAndUser() {
        PostgresUrl url = PostgresUrl.parse("postgresql://db");

        assertThat(url).isEqualTo(new PostgresUrl("db", 5432, "postgres", "postgres", ""));
    }

    @Test
    void slashWithoutDatabaseNameMeansTheDefaultDatabase() {
        assertThat(PostgresUrl.parse("postgresql://db:5433/").database()).isEqualTo("postgres");
    }

    @Test
    void acceptsThePostgresSchemeAlias() {
        PostgresUrl url = PostgresUrl.parse("postgres://granary:pw@db:6543/artifacts");

        assertThat(url).isEqualTo(new PostgresUrl("db", 6543, "artifacts", "granary", "pw"));
    }

    @Test
    void buildsTheReactiveAndJdbcUrls() {
        PostgresUrl url = PostgresUrl.parse("postgresql://granary:s3cret@db.internal:6543/artifacts");

        assertThat(url.reactiveUrl()).isEqualTo("postgresql://db.internal:6543/artifacts");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/artifacts");
    }

    @Test
    void derivedUrlsNeverCarryTheCredentials() {
        PostgresUrl url = PostgresUrl.parse("postgresql://granary:s3cret@db:6543/artifacts");

        assertThat(url.reactiveUrl()).doesNotContain("s3cret").doesNotContain("granary@");
        assertThat(url.jdbcUrl()).doesNotContain("s3cret");
    }

    @Test
    void toStringHidesThePassword() {
        PostgresUrl url = PostgresUrl.parse("postgresql://granary:s3cret@db.internal:6543/artifacts");

        assertThat(url.toString())
                .isEqualTo("postgresql://granary@db.internal:6543/artifacts")
                .doesNotContain("s3cret");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mysql://db/x", "db:5432/x", "postgresql:///x", "postgresql:db", "not a url"})
    void refusesWhatIsNotAPostgresqlUrl(String text) {
        assertThatThrownBy(() -> PostgresUrl.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    // libpq URLs are percent-encoded only; '+' is a literal character there, not a form-encoded space.
    @Test
    void plusInPasswordStaysAPlus() {
        PostgresUrl url = PostgresUrl.parse("postgresql://granary:pa+ss@db/artifacts");

        assertThat(url.password()).isEqualTo("pa+ss");
    }
}
