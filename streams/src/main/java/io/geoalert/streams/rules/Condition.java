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

    /** Calls the visitor's method for this kind of condition. */
    <R> R accept(Visitor<R> visitor);

    /** One method per kind of condition: a new kind does not compile until every visitor handles it. */
    interface Visitor<R> {
        R term(Term term);

        R entity(Entity entity);

        R entityType(EntityType type);

        R any(Any any);

        R all(All all);

        R none(None none);

        R near(Near near);
    }

    /** A word or phrase; inflected forms and hyphen/space/joined spellings match unless {@code exact}. */
    record Term(String text, boolean exact, boolean prefix) implements Condition {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.term(this);
        }

        @Override
        public boolean holdsByMention() {
            return true;
        }
    }

    /** True when the item mentions the named entity (or a group it belongs to, such as the E3). */
    record Entity(String name) implements Condition {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.entity(this);
        }

        @Override
        public boolean holdsByMention() {
            return true;
        }
    }

    /** True when the item mentions any entity of the type, e.g. {@code state}. */
    record EntityType(String type) implements Condition {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.entityType(this);
        }

        @Override
        public boolean holdsByMention() {
            return true;
        }
    }

    /** At least one child holds, and together they are mentioned at least {@code min} times. */
    record Any(List<Condition> children, Set<String> fields, int min) implements Condition {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.any(this);
        }

        /** Holds only with {@code min} (at least one) mentions. */
        @Override
        public boolean holdsByMention() {
            return min >= 1;
        }
    }

    /** Every child holds. */
    record All(List<Condition> children, Set<String> fields) implements Condition {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.all(this);
        }

        @Override
        public boolean holdsByMention() {
            return children.stream().anyMatch(Condition::holdsByMention);
        }
    }

    /** No child holds. */
    record None(List<Condition> children, Set<String> fields) implements Condition {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.none(this);
        }

        @Override
        public boolean holdsByMention() {
            return false;
        }
    }

    /** A mention of {@code left} and one of {@code right} within {@code within} words of each other, in one field. */
    record Near(Condition left, Condition right, int within) implements Condition {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.near(this);
        }

        /** Holds only with a mention on each side. */
        @Override
        public boolean holdsByMention() {
            return true;
        }
    }
}
