package io.geoalert.streams.rules;

import java.util.List;
import java.util.Set;

/**
 * A rule's condition tree. Leaves are terms and entity tests; groups combine them. Field scope
 * and minimum mentions sit on groups and apply to everything below.
 */
public sealed interface Condition {

    /** A word or phrase; inflected forms and hyphen/space/joined spellings match unless {@code exact}. */
    record Term(String text, boolean exact, boolean prefix) implements Condition {
    }

    /** True when the item mentions the named entity (or a group it belongs to, such as the E3). */
    record Entity(String name) implements Condition {
    }

    /** True when the item mentions any entity of the type, e.g. {@code state}. */
    record EntityType(String type) implements Condition {
    }

    /** At least one child holds, and together they are mentioned at least {@code min} times. */
    record Any(List<Condition> children, Set<String> fields, int min) implements Condition {
    }

    /** Every child holds. */
    record All(List<Condition> children, Set<String> fields) implements Condition {
    }

    /** No child holds. */
    record None(List<Condition> children, Set<String> fields) implements Condition {
    }

    /** A mention of {@code left} and one of {@code right} within {@code within} words of each other, in one field. */
    record Near(Condition left, Condition right, int within) implements Condition {
    }
}
