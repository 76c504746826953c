package io.geoalert.changes;

import io.geoalert.http.ApiException;
import io.geoalert.http.HttpRequest;
import io.geoalert.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP side of writing a change: the version a write gets (one above the version in force,
 * after checking {@code If-Match} against it), and the answer once this instance has the change in
 * force — 409 when another change written at the same version won, 202 when it is not in force in
 * time.
 */
public final class ChangeRequests {

    /** How long a write waits for its change to be in force here before it answers 202. */
    public static final Duration IN_FORCE_WAIT = Duration.ofSeconds(5);

    /** What is shown of the written value beside the change, given whether it is in force here; null for nothing. */
    @FunctionalInterface
    public interface Shown {
        Object value(boolean inForce);
    }

    private ChangeRequests() {}

    /**
     * One above {@code current}, the version in force of {@code noun} {@code id}, after checking
     * {@code If-Match} against it.
     *
     * @throws ApiException 409 when {@code If-Match} names another version than {@code current}
     */
    public static int nextVersion(HttpRequest request, String noun, String id, int current) {
        String expected = header(request, "If-Match");
        if (expected != null) {
            String bare = expected.trim().replace("W/", "").replace("\"", "");
            if (!bare.equals("*") && !bare.equals(Integer.toString(current))) {
                throw new ApiException(
                        409,
                        "version",
                        noun + " '" + id + "' is at version " + current + ", not " + bare
                                + " as If-Match expects; read it again and retry");
            }
        }
        return current + 1;
    }

    private static String header(HttpRequest request, String name) {
        for (Map.Entry<String, List<String>> e : request.headers().entrySet()) {
            if (e.getKey() != null
                    && e.getKey().equalsIgnoreCase(name)
                    && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    /**
     * Waits up to {@link #IN_FORCE_WAIT} for {@code written} to be in force here and answers it with
     * {@code status} (202 when it is not in force yet): the change, whether it is in force and how
     * long that took, and what {@code shown} gives under the kind's noun.
     *
     * @throws ApiException 409 when another change at the same version was put in force instead
     */
    public static <R extends VersionedRecord> HttpResponse answer(
            ChangeFollower<R, ?> follower, int status, R written, Shown shown) throws InterruptedException {
        String noun = follower.kind().noun();
        long started = System.nanoTime();
        boolean applied = follower.awaitApplied(written.id(), written.version(), IN_FORCE_WAIT);
        R inForceNow = follower.latest(written.id());
        // only a rival at the same version beat this write; a later change or a tombstone came after it
        if (applied
                && inForceNow != null
                && inForceNow.version() == written.version()
                && !written.writeId().equals(inForceNow.writeId())) {
            throw new ApiException(
                    409,
                    "version",
                    "another change to " + noun + " '" + written.id() + "' was written at version " + written.version()
                            + " first; this one was not put in force. Read it again and retry");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", written.id());
        body.put("version", written.version());
        body.put("deleted", written.deleted());
        body.put("changedAt", written.changedAt());
        body.put("inForce", applied);
        body.put("appliedInMs", applied ? (System.nanoTime() - started) / 1_000_000 : null);
        Object value = shown.value(applied);
        if (value != null) {
            body.put(noun, value);
        }
        return HttpResponse.json(applied ? status : 202, body);
    }
}
