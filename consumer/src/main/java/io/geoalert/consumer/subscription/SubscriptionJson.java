package io.geoalert.consumer.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geoalert.model.Json;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a subscription in the format {@link SubscriptionParser} reads, so that what {@code GET}
 * answers, what the topic holds and what a file holds read back to the same subscription.
 */
public final class SubscriptionJson {

    /** The order settings are written in; a setting not listed comes after these. */
    private static final List<String> SETTING_ORDER = List.of(
            "url",
            "secrets",
            "format",
            "timeout",
            "to",
            "from",
            "smtp",
            "host",
            "port",
            "starttls",
            "username",
            "password",
            "path");

    private SubscriptionJson() {}

    /** The subscription as written, without its version. */
    public static ObjectNode write(Subscription subscription) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("id", subscription.id());
        if (subscription.name() != null) {
            out.put("name", subscription.name());
        }
        out.put("enabled", subscription.enabled());
        AlertFilter filter = subscription.filter() == null ? AlertFilter.ALL : subscription.filter();
        ObjectNode f = Json.MAPPER.createObjectNode();
        putList(f, "categories", filter.categories());
        putList(f, "rules", filter.rules());
        putList(f, "entities", filter.entities());
        if (filter.minSeverity() != null) {
            f.put("minSeverity", filter.minSeverity().label());
        }
        if (filter.text() != null) {
            f.put("text", filter.text());
        }
        if (!f.isEmpty()) {
            out.set("filter", f);
        }
        ObjectNode channel = out.putObject("channel");
        channel.put("type", subscription.channel().type());
        settings(channel, subscription.channel().settings());
        Schedule schedule = subscription.schedule() == null ? Schedule.INSTANT : subscription.schedule();
        ObjectNode s = out.putObject("schedule");
        s.put("mode", schedule.mode().name().toLowerCase(Locale.ROOT));
        if (schedule.every() != null) {
            s.put("every", Spans.format(schedule.every()));
        }
        QuietHours quiet = subscription.quietHours();
        if (quiet != null) {
            ObjectNode q = out.putObject("quietHours");
            q.put("from", quiet.from().toString());
            q.put("to", quiet.to().toString());
            q.put("zone", quiet.zone().getId());
            if (quiet.except() != null) {
                q.put("except", quiet.except().label());
            }
        }
        RateLimit limit = subscription.rateLimit();
        if (limit != null) {
            ObjectNode r = out.putObject("rateLimit");
            r.put("messages", limit.messages());
            r.put("per", Spans.format(limit.per()));
        }
        return out;
    }

    /** The subscription as written, with its {@code version} after its id (what {@code GET} answers). */
    public static ObjectNode writeWithVersion(Subscription subscription) {
        ObjectNode plain = write(subscription);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.set("id", plain.get("id"));
        out.put("version", subscription.version());
        plain.properties().forEach(e -> {
            if (!e.getKey().equals("id")) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    private static void settings(ObjectNode target, Map<String, Object> settings) {
        settings.entrySet().stream()
                .sorted(Map.Entry.comparingByKey((a, b) ->
                        Integer.compare(rank(a), rank(b)) != 0 ? Integer.compare(rank(a), rank(b)) : a.compareTo(b)))
                .forEach(e -> {
                    if (e.getValue() instanceof Map<?, ?> nested) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> inner = (Map<String, Object>) nested;
                        settings(target.putObject(e.getKey()), inner);
                    } else {
                        JsonNode value = Json.MAPPER.valueToTree(e.getValue());
                        target.set(e.getKey(), value);
                    }
                });
    }

    private static int rank(String setting) {
        int at = SETTING_ORDER.indexOf(setting);
        return at < 0 ? SETTING_ORDER.size() : at;
    }

    private static void putList(ObjectNode target, String field, List<String> values) {
        if (!values.isEmpty()) {
            values.forEach(target.putArray(field)::add);
        }
    }
}
