package io.geoalert.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

    @Test
    void percentilesAreNearestRanksInMilliseconds() {
        // 1..1000 ms in shuffled order
        long[] micros = LongStream.rangeClosed(1, 1000)
                .map(i -> ((i * 7919) % 1000 + 1) * 1000)
                .toArray();
        LatencySummary summary = LatencySummary.ofMicros(micros);
        assertEquals(new LatencySummary(500.0, 990.0, 1000.0, 1000), summary);
    }

    @Test
    void oneSampleIsEveryPercentile() {
        assertEquals(new LatencySummary(12.3, 12.3, 12.3, 1), LatencySummary.ofMicros(new long[] {12_345}));
    }

    @Test
    void noSamplesGiveZeros() {
        assertEquals(new LatencySummary(0, 0, 0, 0), LatencySummary.ofMicros(new long[0]));
    }
}
