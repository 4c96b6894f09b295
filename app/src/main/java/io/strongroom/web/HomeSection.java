package io.strongroom.web;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One card of the home page, contributed as a bean by the module that owns its data (people's
 * joiners and anniversaries, access's invitations waiting, later time-off approvals). A module
 * answers for the signed-in caller with its own rules: empty when they may not see it. The shell
 * orders the cards and renders them; it reads no module's data itself.
 */
public interface HomeSection {

    /** Position on the page, ascending. */
    int order();

    /** The card for the current caller; empty when they may not see it. */
    Optional<Card> card();

    /**
     * @param headingKey the card's heading (message key)
     * @param items what it lists, at most a handful
     * @param emptyKey what it says when it lists nothing (message key)
     * @param morePath a page with everything, or null
     */
    record Card(String headingKey, List<Item> items, String emptyKey, String morePath) {

        public Card {
            Objects.requireNonNull(headingKey, "headingKey");
            items = List.copyOf(items);
        }
    }

    /**
     * One line of a card.
     *
     * @param label what it names (a person's name), shown as written
     * @param href its page, or null
     * @param date the day it is about, or null
     * @param noteKey a message key describing it, with {@code noteArguments}; or null
     */
    record Item(String label, String href, LocalDate date, String noteKey, List<Object> noteArguments) {

        public Item {
            Objects.requireNonNull(label, "label");
            noteArguments = noteArguments == null ? List.of() : List.copyOf(noteArguments);
        }
    }
}
