package io.geoalert.streams.match;

/** A word of a field: its normalised form and where it stands in the original text. */
public record Token(String norm, int start, int end) {}
