package io.geoalert.changes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.geoalert.http.ApiException;
import io.geoalert.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeRequestsTest {

    private static HttpRequest request(Map<String, List<String>> headers) {
        return new HttpRequest("PUT", "/v1/notes/n", Map.of(), Map.of("id", "n"), headers, new byte[0]);
    }

    @Test
    void aWriteGetsTheVersionAboveTheOneInForce() {
        assertEquals(4, ChangeRequests.nextVersion(request(Map.of()), "note", "n", 3));
        assertEquals(1, ChangeRequests.nextVersion(request(Map.of()), "note", "n", 0));
    }

    @Test
    void ifMatchMayNameTheVersionInForceInAnyCaseQuotedWeakOrAny() {
        assertEquals(4, ChangeRequests.nextVersion(request(Map.of("If-Match", List.of("3"))), "note", "n", 3));
        assertEquals(4, ChangeRequests.nextVersion(request(Map.of("if-match", List.of("W/\"3\""))), "note", "n", 3));
        assertEquals(4, ChangeRequests.nextVersion(request(Map.of("IF-MATCH", List.of("*"))), "note", "n", 3));
    }

    @Test
    void ifMatchNamingAnotherVersionIsAConflictNamingBoth() {
        ApiException e = assertThrows(
                ApiException.class,
                () -> ChangeRequests.nextVersion(request(Map.of("If-Match", List.of("2"))), "note", "n", 3));
        assertEquals(409, e.status());
        assertEquals("version", e.field());
        assertEquals("note 'n' is at version 3, not 2 as If-Match expects; read it again and retry", e.getMessage());
    }
}
