package io.geoalert.producer.source;

/**
 * Input a source read but could not turn into a NewsItem: the raw bytes, where they came from
 * (e.g. {@code file:/path}) and their position there (e.g. the line), and why. It goes to
 * {@code news.dlq}.
 */
public record RejectedInput(byte[] raw, String origin, long position, Exception reason) {}
