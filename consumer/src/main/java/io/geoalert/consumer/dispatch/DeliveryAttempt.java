package io.geoalert.consumer.dispatch;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * One line of a subscription's recent deliveries: an attempt to send a message (outcome
 * {@code sent}, {@code retry} or {@code refused}) or the give-up that set its alerts aside
 * ({@code dead_lettered}). {@code latencyMs} is how long the destination took to answer.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryAttempt(
        Instant time,
        String deliveryId,
        List<String> alertIds,
        boolean digest,
        int attempt,
        int status,
        long latencyMs,
        String outcome,
        String error,
        boolean redelivery) {

    public DeliveryAttempt {
        alertIds = List.copyOf(alertIds);
    }
}
