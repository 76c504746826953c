package io.geoalert.consumer.dispatch;

import io.geoalert.model.Alert;
import java.time.Instant;
import org.apache.kafka.common.TopicPartition;

/**
 * An alert read for one subscription and not yet done with: where it was read (so its offset is
 * committed only once it is delivered or set aside), its JSON exactly as read, and when it arrived.
 */
record PendingAlert(TopicPartition partition, long offset, String key, Alert alert, byte[] json, Instant receivedAt) {

    String alertId() {
        return alert.alertId();
    }
}
