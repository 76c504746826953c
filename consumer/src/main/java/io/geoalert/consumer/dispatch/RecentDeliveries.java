package io.geoalert.consumer.dispatch;

import io.geoalert.consumer.channel.Delivery;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last attempts of one subscription (a bounded ring) and the messages they carried, so that
 * one can be sent again by its delivery id. Kept by {@link Dispatch} across restarts of the
 * subscription's dispatcher; thread-safe (written by the dispatcher, read over HTTP).
 */
public final class RecentDeliveries {

    private final int capacity;
    private final Deque<DeliveryAttempt> attempts = new ArrayDeque<>();
    private final Map<String, Delivery> messages = new LinkedHashMap<>();

    public RecentDeliveries(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("recent deliveries capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** Adds an attempt, and keeps the message it sent (its latest attempt) for redelivery. */
    public synchronized void add(DeliveryAttempt attempt, Delivery message) {
        attempts.addFirst(attempt);
        while (attempts.size() > capacity) {
            attempts.removeLast();
        }
        if (message != null) {
            messages.remove(message.deliveryId()); // re-inserted: the newest stay longest
            messages.put(message.deliveryId(), message);
            for (Iterator<String> it = messages.keySet().iterator(); messages.size() > capacity && it.hasNext(); ) {
                it.next();
                it.remove();
            }
        }
    }

    /** The most recent attempts, newest first. */
    public synchronized List<DeliveryAttempt> newestFirst(int limit) {
        List<DeliveryAttempt> out = new ArrayList<>(Math.min(limit, attempts.size()));
        for (DeliveryAttempt attempt : attempts) {
            if (out.size() >= limit) {
                break;
            }
            out.add(attempt);
        }
        return out;
    }

    /** The message last sent under this delivery id, while it is among the recent ones. */
    public synchronized Optional<Delivery> message(String deliveryId) {
        return Optional.ofNullable(messages.get(deliveryId));
    }
}
