package io.geoalert.streams.match;

/** A mention of a term in one field: its token span and its character span ({@code end} exclusive). */
record Occurrence(int termId, int field, int firstToken, int lastToken, int start, int end) {}
