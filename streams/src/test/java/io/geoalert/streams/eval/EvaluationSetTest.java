package io.geoalert.streams.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The labeled set in eval/: references and labels only, split by the documented rule. */
class EvaluationSetTest {

    private static final Path EVAL = Path.of("..", "eval");
    private static final Set<String> CATEGORIES = Set.of("sanctions", "snapback", "treaty", "nuclear", "military");

    @Test
    void eachItemIsInTheHalfItsReferencesHashNames() throws IOException {
        Set<String> seen = new HashSet<>();
        int items = 0;
        for (String half : List.of("tuning", "test")) {
            for (String line : Files.readAllLines(EVAL.resolve(half + ".jsonl"), StandardCharsets.UTF_8)) {
                JsonNode node = Json.MAPPER.readTree(line);
                String ref = node.path("ref").asText();
                assertTrue(ref.matches("[a-z0-9-]+/[^#]+#\\d+"), ref);
                assertTrue(seen.add(ref), "labeled twice: " + ref);
                assertEquals(testHalf(ref) ? "test" : "tuning", half, ref);
                node.path("expect").forEach(c -> assertTrue(CATEGORIES.contains(c.asText()), ref + ": " + c));
                assertTrue(!node.has("title") && !node.has("body"), "news text stored for " + ref);
                items++;
            }
        }
        assertTrue(items >= 600, "only " + items + " labeled items");
    }

    @Test
    void leavesTheReservedHeldOutCorporaAlone() throws IOException {
        for (String half : List.of("tuning", "test")) {
            String text = Files.readString(EVAL.resolve(half + ".jsonl"));
            assertTrue(!text.contains("ag-news") && !text.contains("rss-link-database"), half);
        }
    }

    private static boolean testHalf(String ref) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(ref.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).charAt(0) < '8';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
