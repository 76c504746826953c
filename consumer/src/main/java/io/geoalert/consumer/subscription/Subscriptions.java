package io.geoalert.consumer.subscription;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What may be shown of a subscription. Webhook signing secrets, the SMTP password and the URL of a
 * Slack or Teams webhook (which is its own secret) are replaced by {@value SecretRef#MASK} in
 * everything answered over HTTP or printed; a reference such as {@code ${env:NAME}} is shown as it
 * is, since it is not the secret.
 */
public final class Subscriptions {

    private Subscriptions() {}

    /** The subscription with every literal secret masked. */
    public static Subscription masked(Subscription subscription) {
        Subscription.ChannelSpec channel = subscription.channel();
        Map<String, Object> settings = maskedSettings(channel.type(), channel.settings());
        if (settings.equals(channel.settings())) {
            return subscription;
        }
        return new Subscription(
                subscription.id(),
                subscription.name(),
                subscription.enabled(),
                subscription.version(),
                subscription.filter(),
                new Subscription.ChannelSpec(channel.type(), settings),
                subscription.schedule(),
                subscription.quietHours(),
                subscription.rateLimit());
    }

    /** A channel's settings with every literal secret masked. */
    static Map<String, Object> maskedSettings(String type, Map<String, Object> written) {
        Map<String, Object> settings = new LinkedHashMap<>(written);
        switch (type == null ? "" : type) {
            case "webhook" -> {
                if (settings.get("secrets") instanceof List<?> secrets) {
                    settings.put(
                            "secrets", secrets.stream().map(Subscriptions::mask).toList());
                }
            }
            case "slack", "teams" -> settings.computeIfPresent("url", (k, url) -> mask(url));
            case "email" -> {
                if (settings.get("smtp") instanceof Map<?, ?> smtp) {
                    Map<String, Object> server = new LinkedHashMap<>();
                    smtp.forEach((k, v) -> server.put(String.valueOf(k), k.equals("password") ? mask(v) : v));
                    settings.put("smtp", server);
                }
            }
            default -> {}
        }
        return settings;
    }

    private static Object mask(Object written) {
        return written instanceof String text && SecretRef.isReference(text) ? text : SecretRef.MASK;
    }

    /** The same subscription at another version. */
    public static Subscription withVersion(Subscription subscription, int version) {
        return new Subscription(
                subscription.id(),
                subscription.name(),
                subscription.enabled(),
                version,
                subscription.filter(),
                subscription.channel(),
                subscription.schedule(),
                subscription.quietHours(),
                subscription.rateLimit());
    }
}
