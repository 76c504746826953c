package io.geoalert.streams.match;

import java.util.List;
import java.util.function.Supplier;

/**
 * A condition's result on one item. Only explaining asks why a condition failed, or for the mentions it
 * had: when matching, groups and proximity answer with the one shared {@link #UNMET} instead (terms and
 * entities with an outcome made once per condition), since most conditions of most items fail.
 */
record Outcome(boolean met, List<Occurrence> mentions, Supplier<String> why) {

    static final Supplier<String> MET = () -> "fired";

    /** A condition not met, as matching sees it: no reason, no mentions, nothing allocated. */
    static final Outcome UNMET = new Outcome(false, List.of(), () -> "not met (the reason is kept when explaining)");

    static Outcome met(List<Occurrence> mentions) {
        return new Outcome(true, mentions, MET);
    }

    static Outcome unmet(List<Occurrence> mentions, Supplier<String> why) {
        return new Outcome(false, mentions, why);
    }
}
