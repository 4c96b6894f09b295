package io.strongroom.people.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.identity.Caller;
import io.strongroom.people.Person;
import io.strongroom.web.HomeSection;

/**
 * People's cards on the home page: who joins and who leaves in the next {@value #DAYS} days, and
 * whose work anniversary comes. Only for those who may see the directory ({@code people:read});
 * names and working days only, nothing personal (no birthdays: a date of birth is personal data).
 * "Today" is the reader's day in their time zone, on the application clock.
 */
@Component
class PeopleHome {

    static final int DAYS = 30;
    static final int ITEMS = 8;

    private final PersonRepository people;
    private final TransactionTemplate transactions;
    private final Clock clock;

    PeopleHome(PersonRepository people, TransactionTemplate transactions, Clock clock) {
        this.people = people;
        this.transactions = transactions;
        this.clock = clock;
    }

    private Optional<LocalDate> today() {
        Optional<Caller> me = Caller.current();
        if (me.isEmpty() || !PeoplePolicy.mayList(me.get())) {
            return Optional.empty();
        }
        return Optional.of(LocalDate.now(clock.withZone(LocaleContextHolder.getTimeZone().toZoneId())));
    }

    private static HomeSection.Item item(Person person, LocalDate day, String noteKey, List<Object> arguments) {
        return new HomeSection.Item(person.givenName() + " " + person.familyName(), "/app/people/" + person.id(), day,
                noteKey, arguments);
    }

    /** Joiners, leavers and anniversaries: one card each, the same shape. */
    @Component
    static class Joiners extends WindowCard {

        Joiners(PeopleHome home) {
            super(home, 100, "home.joiners", "home.joiners-none", (today, until) -> home.people
                    .startingOrLeaving(true, today, until, ITEMS).stream()
                    .map(p -> item(p, p.startDate(), p.jobTitle() == null ? null : "home.as", jobTitle(p))).toList());
        }
    }

    @Component
    static class Leavers extends WindowCard {

        Leavers(PeopleHome home) {
            super(home, 110, "home.leavers", "home.leavers-none", (today, until) -> home.people
                    .startingOrLeaving(false, today, until, ITEMS).stream()
                    .map(p -> item(p, p.endDate(), null, List.of())).toList());
        }
    }

    @Component
    static class Anniversaries extends WindowCard {

        Anniversaries(PeopleHome home) {
            super(home, 120, "home.anniversaries", "home.anniversaries-none", (today, until) -> home.people
                    .anniversaries(today, until, ITEMS).stream()
                    .map(a -> item(a.person(), a.day(), "home.years", List.of(a.years()))).toList());
        }
    }

    /** A card listing what {@code items} finds between today and {@value #DAYS} days on, in one transaction. */
    abstract static class WindowCard implements HomeSection {

        private final PeopleHome home;
        private final int order;
        private final String headingKey;
        private final String emptyKey;
        private final java.util.function.BiFunction<LocalDate, LocalDate, List<Item>> items;

        WindowCard(PeopleHome home, int order, String headingKey, String emptyKey,
                java.util.function.BiFunction<LocalDate, LocalDate, List<Item>> items) {
            this.home = home;
            this.order = order;
            this.headingKey = headingKey;
            this.emptyKey = emptyKey;
            this.items = items;
        }

        @Override
        public int order() {
            return order;
        }

        @Override
        public Optional<HomeSection.Card> card() {
            return home.today().map(today -> new HomeSection.Card(headingKey,
                    home.transactions.execute(tx -> items.apply(today, today.plusDays(DAYS))), emptyKey, null));
        }
    }

    private static List<Object> jobTitle(Person person) {
        return person.jobTitle() == null ? List.of() : List.of(person.jobTitle());
    }
}
