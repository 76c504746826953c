package io.geoalert.streams.rules;

import java.util.List;
import java.util.Set;

/**
 * A rule's condition tree. Leaves are terms and entity tests; groups combine them. Field scope
 * and minimum mentions sit on groups and apply to everything below.
 */
public sealed interface Condition {

    /**
     * True when the condition, whenever it holds, holds because of at least one mention in the
     * text: what an alert shows as its evidence. A rule whose condition lacks this (only
     * {@code none}) could fire on every item with nothing to explain, so validation refuses it.
     */
    boolean holdsByMention();

    /** A word or phrase; inflected forms and hyphen/space/joined spellings match unless {@code exact}. */
    record Term(String text, boolean exact, boolean prefix) implements Condition {
        @Override
        public boolean holdsByMention() {
            return true;
        }
    }

    /** True when the item mentions the named entity (or a group it belongs to, such as the E3). */
    record Entity(String name) implements Condition {
        @Override
        public boolean holdsByMention() {
            return true;
        }
    }

    /** True when the item mentions any entity of the type, e.g. {@code state}. */
    record EntityType(String type) implements Condition {
        @Override
        public boolean holdsByMention() {
            return true;
        }
    }

    /** At least one child holds, and together they are mentioned at least {@code min} times. */
    record Any(List<Condition> children, Set<String> fields, int min) implements Condition {
        /** Holds only with {@code min} (at least one) mentions. */
        @Override
        public boolean holdsByMention() {
            return min >= 1;
        }
    }

    /** Every child holds. */
    record All(List<Condition> children, Set<String> fields) implements Condition {
        @Override
        public boolean holdsByMention() {
            return children.stream().anyMatch(Condition::holdsByMention);
        }
    }

    /** No child holds. */
    record None(List<Condition> children, Set<String> fields) implements Condition {
        @Override
        public boolean holdsByMention() {
            return false;
        }
    }

    /** A mention of {@code left} and one of {@code right} within {@code within} words of each other, in one field. */
    record Near(Condition left, Condition right, int within) implements Condition {
        /** Holds only with a mention on each side. */
        @Override
        public boolean holdsByMention() {
            return true;
        }
    }
}
