package io.geoalert.consumer.subscription;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Hours, in the subscriber's time zone, when nothing is sent: alerts are held and go out when the
 * quiet hours end (a digest subscription folds them into its next digest). {@code from} may be
 * after {@code to}: 22:00–07:00 spans midnight. Alerts of at least {@code except} severity (if
 * set) go out anyway.
 */
public record QuietHours(LocalTime from, LocalTime to, ZoneId zone, io.geoalert.model.Severity except) {

    public QuietHours {
        if (from == null || to == null || zone == null) {
            throw new IllegalArgumentException("quietHours needs from, to and zone");
        }
        if (from.equals(to)) {
            throw new IllegalArgumentException("quietHours.from and quietHours.to must differ");
        }
    }

    /** True when {@code now} falls in the quiet hours. */
    public boolean covers(Instant now) {
        LocalTime local = now.atZone(zone).toLocalTime();
        return from.isBefore(to)
                ? !local.isBefore(from) && local.isBefore(to)
                : !local.isBefore(from) || local.isBefore(to);
    }

    /** The next instant the quiet hours end, at or after {@code now}. */
    public Instant endsAfter(Instant now) {
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime end = local.with(to);
        if (!end.isAfter(local)) {
            end = end.plusDays(1);
        }
        return end.toInstant();
    }
}
