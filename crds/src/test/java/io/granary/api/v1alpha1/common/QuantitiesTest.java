package io.granary.api.v1alpha1.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantitiesTest {

    @ParameterizedTest
    @CsvSource({
        "500Gi, 536870912000",
        "10Mi, 10485760",
        "1Ki, 1024",
        "1.5Ki, 1536",
        "2Ti, 2199023255552",
        "1G, 1000000000",
        "3k, 3000",
        "1024, 1024",
        "0, 0",
        "1e3, 1000",
        "+7, 7",
        "500m, 1",
        "1.0001k, 1001",
        "7Ei, 8070450532247928832",
    })
    void convertsQuantitiesToBytes(String quantity, long bytes) {
        assertThat(Quantities.toBytes(quantity)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"abc", "-1Gi", "1.2.3Gi", "10 Gi", " 10Gi", "10gi", "10GB", "Gi", "1Zi"})
    void refusesWhatIsNotANonNegativeQuantity(String quantity) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Quantities.toBytes(quantity))
                .withMessageContaining("not a Kubernetes quantity");
    }

    @ParameterizedTest
    @ValueSource(strings = {"8Ei", "16Ei", "1e40"})
    void refusesQuantitiesBeyondALong(String quantity) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Quantities.toBytes(quantity))
                .withMessageContaining("too large");
    }

    @ParameterizedTest
    @ValueSource(strings = {"500Gi", "10Mi", "1G", "1024", "1.5Ti"})
    void acceptsEverythingTheQuotaSchemaPatternAccepts(String quantity) {
        assertThat(quantity).matches(ApiPatterns.BYTE_QUANTITY);
        assertThat(Quantities.toBytes(quantity)).isPositive();
    }
}
