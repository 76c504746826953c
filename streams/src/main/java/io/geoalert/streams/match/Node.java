package io.geoalert.streams.match;

/** A compiled condition: evaluated against a scanned item, in the fields given (bit 0 title, bit 1 body). */
@FunctionalInterface
interface Node {
    Outcome eval(ItemScan scan, int fields);
}
