package io.granary.registry.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangeTest {

    private static final long SIZE = 10;

    @Test
    void firstByteOnly() throws ByteRange.Unsatisfiable {
        assertThat(ByteRange.parse("bytes=0-0", SIZE)).contains(new ByteRange(0, 1));
    }

    @Test
    void closedRangeIncludesBothEnds() throws ByteRange.Unsatisfiable {
        assertThat(ByteRange.parse("bytes=2-5", SIZE)).contains(new ByteRange(2, 4));
    }

    @Test
    void openEndedRangeRunsToTheLastByte() throws ByteRange.Unsatisfiable {
        assertThat(ByteRange.parse("bytes=5-", SIZE)).contains(new ByteRange(5, 5));
    }

    @Test
    void suffixRangeIsTheLastNBytes() throws ByteRange.Unsatisfiable {
        assertThat(ByteRange.parse("bytes=-3", SIZE)).contains(new ByteRange(7, 3));
    }

    @Test
    void suffixLongerThanTheEntityIsTheWholeEntity() throws ByteRange.Unsatisfiable {
        assertThat(ByteRange.parse("bytes=-100", SIZE)).contains(new ByteRange(0, SIZE));
    }

    @Test
    void endPastTheSizeIsClippedToTheLastByte() throws ByteRange.Unsatisfiable {
        assertThat(ByteRange.parse("bytes=5-100", SIZE)).contains(new ByteRange(5, 5));
    }

    @Test
    void surroundingWhitespaceIsIgnored() throws ByteRange.Unsatisfiable {
        assertThat(ByteRange.parse("  bytes=0-0 ", SIZE)).contains(new ByteRange(0, 1));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bytes=10-", "bytes=10-20", "bytes=99-"})
    void startAtOrPastTheSizeIsUnsatisfiable(String header) {
        assertThatThrownBy(() -> ByteRange.parse(header, SIZE)).isInstanceOf(ByteRange.Unsatisfiable.class);
    }

    @Test
    void emptySuffixIsUnsatisfiable() {
        assertThatThrownBy(() -> ByteRange.parse("bytes=-0", SIZE)).isInstanceOf(ByteRange.Unsatisfiable.class);
    }

    @Test
    void anyRangeOfAnEmptyEntityIsUnsatisfiable() {
        assertThatThrownBy(() -> ByteRange.parse("bytes=0-", 0)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThatThrownBy(() -> ByteRange.parse("bytes=-5", 0)).isInstanceOf(ByteRange.Unsatisfiable.class);
    }

    @Test
    void noHeaderMeansTheWholeEntity() throws ByteRange.Unsatisfiable {
        assertThat(ByteRange.parse(null, SIZE)).isEmpty();
    }

    @Test
    void multipleRangesAreAnsweredWithTheWholeEntity() throws ByteRange.Unsatisfiable {
        assertThat(ByteRange.parse("bytes=0-1,3-4", SIZE)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "garbage", "bytes=", "bytes=-", "bytes=a-b", "items=0-1", "bytes 0-1", "bytes=0-1-2",
        "bytes=--1", "bytes=1.5-2"})
    void unparseableHeaderMeansTheWholeEntity(String header) throws ByteRange.Unsatisfiable {
        assertThat(ByteRange.parse(header, SIZE)).isEmpty();
    }

    @Test
    void lastBeforeFirstIsIgnored() throws ByteRange.Unsatisfiable {
        assertThat(ByteRange.parse("bytes=5-2", SIZE)).isEmpty();
    }

    @Test
    void numbersTooLargeForALongAreIgnored() throws ByteRange.Unsatisfiable {
        assertThat(ByteRange.parse("bytes=0-99999999999999999999", SIZE)).isEmpty();
    }

    @Test
    void contentRangeNamesFirstAndLastByteAndTheSize() throws ByteRange.Unsatisfiable {
        Optional<ByteRange> range = ByteRange.parse("bytes=5-", SIZE);

        assertThat(range.orElseThrow().contentRange(SIZE)).isEqualTo("bytes 5-9/10");
    }

    @Test
    void contentRangeOfASingleByte() {
        assertThat(new ByteRange(0, 1).contentRange(SIZE)).isEqualTo("bytes 0-0/10");
    }
}
