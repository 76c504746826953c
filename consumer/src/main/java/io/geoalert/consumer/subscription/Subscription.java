package io.geoalert.consumer.subscription;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * Who gets which alerts, how and when: a filter over alerts, a channel with its settings, instant
 * or digest delivery, quiet hours in the subscriber's time zone and a rate limit. Immutable and
 * already validated (by SubscriptionParser); secrets in {@code channel.settings} are kept
 * as written (a literal or a {@code ${env:NAME}} / {@code ${file:PATH}} reference) and resolved only
 * when a message is sent.
 *
 * @param version raised by every change; assigned by the server, like rule versions
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Subscription(
        String id,
        String name,
        boolean enabled,
        int version,
        AlertFilter filter,
        ChannelSpec channel,
        Schedule schedule,
        QuietHours quietHours,
        RateLimit rateLimit) {

    /** The channel and its settings, e.g. {@code webhook} with {@code url} and {@code secrets}. */
    public record ChannelSpec(String type, Map<String, Object> settings) {
        public ChannelSpec {
            settings = settings == null ? Map.of() : Map.copyOf(settings);
        }

        /** With literal secrets masked: a channel logged by mistake must not log its secrets. */
        @Override
        public String toString() {
            return "ChannelSpec[type=" + type + ", settings=" + Subscriptions.maskedSettings(type, settings) + "]";
        }
    }
}
