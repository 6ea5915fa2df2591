package io.granary.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoleTest {

    @Test
    void everyRoleIncludesItself() {
        for (Role role : Role.values()) {
            assertThat(role.includes(role)).as(role.name()).isTrue();
        }
    }

    @Test
    void strongerRolesIncludeWeakerOnes() {
        assertThat(Role.ADMIN.includes(Role.WRITER)).isTrue();
        assertThat(Role.ADMIN.includes(Role.READER)).isTrue();
        assertThat(Role.WRITER.includes(Role.READER)).isTrue();
    }

    @Test
    void weakerRolesDoNotIncludeStrongerOnes() {
        assertThat(Role.READER.includes(Role.WRITER)).isFalse();
        assertThat(Role.READER.includes(Role.ADMIN)).isFalse();
        assertThat(Role.WRITER.includes(Role.ADMIN)).isFalse();
    }

    @Test
    void wireNameIsLowerCase() {
        assertThat(Role.READER.wireName()).isEqualTo("reader");
        assertThat(Role.WRITER.wireName()).isEqualTo("writer");
        assertThat(Role.ADMIN.wireName()).isEqualTo("admin");
    }

    @Test
    void parseIsCaseInsensitive() {
        assertThat(Role.parse("reader")).isEqualTo(Role.READER);
        assertThat(Role.parse("Writer")).isEqualTo(Role.WRITER);
        assertThat(Role.parse("ADMIN")).isEqualTo(Role.ADMIN);
    }

    @Test
    void parseRoundTripsTheWireName() {
        for (Role role : Role.values()) {
            assertThat(Role.parse(role.wireName())).isEqualTo(role);
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @NullSource
    @ValueSource(strings = {"", "owner", "read", " reader"})
    void parseRefusesAnythingElse(String value) {
        assertThatThrownBy(() -> Role.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reader, writer or admin");
    }

    @Test
    void actionsNeedTheMatchingRole() {
        assertThat(Action.READ.needs()).isEqualTo(Role.READER);
        assertThat(Action.WRITE.needs()).isEqualTo(Role.WRITER);
        assertThat(Action.DELETE.needs()).isEqualTo(Role.WRITER);
        assertThat(Action.ADMIN.needs()).isEqualTo(Role.ADMIN);
    }
}
