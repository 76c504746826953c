package io.geoalert.changes;

import java.util.Objects;

/**
 * One change topic and how it is named: the type of its records, the noun in logs and errors, the
 * prefixes of its meters and headers, and where its refused records are listed.
 *
 * @param topic the compacted topic, e.g. {@code geoalert.rules}
 * @param type the records' type, read from and written to the topic as JSON
 * @param noun one entry in logs and errors, e.g. {@code rule}; its plural names the loop and the clients
 * @param metricPrefix e.g. {@code geoalert.rules}: {@code .apply.lag}, {@code .records.refused}, {@code .changes.applied}
 * @param headerPrefix e.g. {@code geoalert.rule}: headers {@code .version} and {@code .changed-at}
 * @param listedBy where refused records are listed, named on health: e.g. {@code GET /v1/rules}
 * @param base what the changes overlay, named in the log: e.g. {@code the base pack}
 * @param inForceAs what being in force means, ending the apply-lag description: e.g. {@code its matcher in force}
 */
public record ChangeKind<R extends VersionedRecord>(
        String topic,
        Class<R> type,
        String noun,
        String metricPrefix,
        String headerPrefix,
        String listedBy,
        String base,
        String inForceAs) {

    public ChangeKind {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(noun, "noun");
        Objects.requireNonNull(metricPrefix, "metricPrefix");
        Objects.requireNonNull(headerPrefix, "headerPrefix");
        Objects.requireNonNull(listedBy, "listedBy");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(inForceAs, "inForceAs");
    }

    /** {@code rules}: the service, the follow loop and the Kafka clients are named after it. */
    public String plural() {
        return noun + "s";
    }
}
