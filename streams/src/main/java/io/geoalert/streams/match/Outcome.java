package io.geoalert.streams.match;

import java.util.List;
import java.util.function.Supplier;

/** A condition's result on one item; the reason it failed is built only when asked, since matching never asks. */
record Outcome(boolean met, List<Occurrence> mentions, Supplier<String> why) {

    static final Supplier<String> MET = () -> "fired";

    static Outcome met(List<Occurrence> mentions) {
        return new Outcome(true, mentions, MET);
    }

    static Outcome unmet(List<Occurrence> mentions, Supplier<String> why) {
        return new Outcome(false, mentions, why);
    }
}
