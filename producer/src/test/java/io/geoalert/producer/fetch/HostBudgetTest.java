package io.geoalert.producer.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostBudgetTest {

    @Test
    void spacesRequestsToOneHostButNotToOthers() throws Exception {
        List<Duration> waits = new ArrayList<>();
        HostBudget budget = new HostBudget(
                Duration.ofSeconds(2), Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC), waits::add);
        budget.acquire("news.example.org");
        budget.acquire("other.example.org");
        budget.acquire("news.example.org");
        budget.acquire("news.example.org");
        assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(4)), waits);
    }
}
