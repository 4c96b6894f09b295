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

    @Component
    static class Joiners implements HomeSection {

        private final PeopleHome home;

        Joiners(PeopleHome home) {
            this.home = home;
        }

        @Override
        public int order() {
            return 100;
        }

        @Override
        public Optional<Card> card() {
            return home.today().map(today -> new Card("home.joiners", home.transactions.execute(tx -> home.people
                    .startingOrLeaving(true, today, today.plusDays(DAYS), ITEMS).stream()
                    .map(p -> item(p, p.startDate(), p.jobTitle() == null ? null : "home.as", jobTitle(p))).toList()),
                    "home.joiners-none", null));
        }
    }

    @Component
    static class Leavers implements HomeSection {

        private final PeopleHome home;

        Leavers(PeopleHome home) {
            this.home = home;
        }

        @Override
        public int order() {
            return 110;
        }

        @Override
        public Optional<Card> card() {
            return home.today().map(today -> new Card("home.leavers", home.transactions.execute(tx -> home.people
                    .startingOrLeaving(false, today, today.plusDays(DAYS), ITEMS).stream()
                    .map(p -> item(p, p.endDate(), null, List.of())).toList()),
                    "home.leavers-none", null));
        }
    }

    @Component
    static class Anniversaries implements HomeSection {

        private final PeopleHome home;

        Anniversaries(PeopleHome home) {
            this.home = home;
        }

        @Override
        public int order() {
            return 120;
        }

        @Override
        public Optional<Card> card() {
            return home.today().map(today -> new Card("home.anniversaries", home.transactions.execute(tx -> home.people
                    .anniversaries(today, today.plusDays(DAYS), ITEMS).stream()
                    .map(a -> item(a.person(), a.day(), "home.years", List.of(a.years()))).toList()),
                    "home.anniversaries-none", null));
        }
    }

    private static List<Object> jobTitle(Person person) {
        return person.jobTitle() == null ? List.of() : List.of(person.jobTitle());
    }
}
