package io.geoalert.app.bench;

import io.geoalert.model.NewsItem;
import io.geoalert.streams.rules.RulePack;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Reproducible news for the benchmark: items of about 2 KB (headline, lead, body) in plain English,
 * of which about a fifth tell of sanctions, treaties, nuclear programmes, fighting or the snapback
 * (what the default rules alert on) and a few mention a watch-list term of the generated rules. Every
 * headline names a number and every lead names people and places drawn at random, so that no two
 * items are one story (two stories whose headlines name other numbers never merge) and the story keys
 * spread as real news does.
 */
public final class NewsGenerator {

    /** The category of the generated rules; the default pack's categories are left alone. */
    public static final String WATCHLIST = "watchlist";

    private static final double ALERTING_SHARE = 0.2;
    private static final double WATCHED_SHARE = 0.06;
    private static final int BODY_CHARS = 1_650;

    private static final String[] STATES = {
        "Brazil", "India", "Canada", "Mexico", "Egypt", "Nigeria", "Kenya", "Indonesia", "Vietnam", "Poland",
        "Sweden", "Norway", "Argentina", "Chile", "Peru", "Australia", "Pakistan", "Japan", "France", "Germany",
        "Russia", "China", "Iran", "Venezuela", "Belarus", "Syria", "Cuba", "Ukraine", "Israel", "Spain"
    };
    private static final String[] CITIES = {
        "Lyon",
        "Porto",
        "Osaka",
        "Curitiba",
        "Leeds",
        "Gdansk",
        "Bergen",
        "Cordoba",
        "Mombasa",
        "Surabaya",
        "Valencia",
        "Graz",
        "Tampere",
        "Brno",
        "Daegu",
        "Perth",
        "Halifax",
        "Krakow",
        "Recife",
        "Busan",
        "Malmo",
        "Antwerp",
        "Bologna",
        "Seville",
        "Hamburg",
        "Nagoya",
        "Durban",
        "Rosario",
        "Cebu",
        "Izmir"
    };
    private static final String[] SECTORS = {
        "steel",
        "oil",
        "grain",
        "copper",
        "fertiliser",
        "timber",
        "shipping",
        "textile",
        "software",
        "coal",
        "aluminium",
        "nickel",
        "fishing",
        "banking",
        "dairy",
        "cotton"
    };
    private static final String[] DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    private static final String[] MONTHS = {
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December"
    };
    private static final String[] ADJECTIVES = {
        "regional",
        "annual",
        "local",
        "quarterly",
        "northern",
        "southern",
        "coastal",
        "rural",
        "urban",
        "municipal",
        "private",
        "digital",
        "seasonal",
        "modest",
        "steady",
        "domestic",
        "retail",
        "agricultural",
        "cultural",
        "historic",
        "independent",
        "family",
        "small",
        "large",
        "older",
        "younger",
        "western",
        "eastern"
    };
    private static final String[] PEOPLE = {
        "farmers",
        "retailers",
        "exporters",
        "households",
        "universities",
        "hospitals",
        "airlines",
        "ports",
        "railways",
        "festivals",
        "museums",
        "schools",
        "insurers",
        "builders",
        "vineyards",
        "fisheries",
        "libraries",
        "startups",
        "carmakers",
        "orchestras",
        "bakeries",
        "councils",
        "tourists",
        "commuters",
        "engineers",
        "nurses",
        "teachers",
        "growers",
        "brewers",
        "publishers"
    };
    private static final String[] VERBS = {
        "reported",
        "expected",
        "welcomed",
        "recorded",
        "described",
        "planned",
        "reviewed",
        "measured",
        "published",
        "noted",
        "estimated",
        "prepared",
        "discussed",
        "counted",
        "predicted"
    };
    private static final String[] OBJECTS = {
        "rising demand",
        "higher costs",
        "strong sales",
        "a busy season",
        "new timetables",
        "longer opening hours",
        "fresh investment",
        "lower prices",
        "a wet spring",
        "record visitor numbers",
        "better harvests",
        "steady bookings",
        "new courses",
        "wider access",
        "a larger budget",
        "shorter queues",
        "cheaper loans",
        "more apprentices",
        "faster deliveries",
        "quieter streets"
    };
    private static final String[] ROLES = {
        "an economist",
        "a spokeswoman",
        "a spokesman",
        "the director",
        "a researcher",
        "the chair",
        "an analyst",
        "the treasurer",
        "a manager",
        "the mayor"
    };
    private static final String[] ORGS = {
        "chamber of commerce",
        "statistics office",
        "trade association",
        "city council",
        "university",
        "port authority",
        "tourism board",
        "growers' cooperative",
        "consumer group",
        "planning office"
    };
    private static final String[] NAME_SYLLABLES = {
        "ka", "ro", "le", "mi", "ren", "do", "va", "sel", "tor", "bri", "an", "gu", "ma", "lin", "ber", "os"
    };
    private static final String[] NAME_ENDINGS = {"ev", "enko", "son", "ani", "ez", "ova", "berg", "ic", "ard", "elli"};
    /** Watch-list terms end in a vowel of these syllables, which no name or English word here is made of. */
    private static final String[] TERM_SYLLABLES = {"zu", "qua", "xo", "yi", "fe", "wu", "zo", "qui", "xa", "vu"};

    private static final String[] SOURCES = {
        "wire-east",
        "wire-west",
        "daily-courier",
        "evening-post",
        "metro-news",
        "coastal-herald",
        "the-ledger",
        "morning-star"
    };

    private final Random random;
    private final List<List<String>> watchLists;
    private long made;

    /**
     * @param seed  the same seed gives the same rules and items
     * @param rules how many watch-list rules to generate, each with three terms of its own
     */
    public NewsGenerator(long seed, int rules) {
        this.random = new Random(seed);
        Set<String> terms = new LinkedHashSet<>();
        while (terms.size() < rules * 3) {
            terms.add(word(TERM_SYLLABLES, 3 + random.nextInt(2)));
        }
        List<String> all = new ArrayList<>(terms);
        this.watchLists = new ArrayList<>();
        for (int r = 0; r < rules; r++) {
            watchLists.add(List.copyOf(all.subList(r * 3, r * 3 + 3)));
        }
    }

    /**
     * The generated rules as entries of a rule file's {@code rules:} list (YAML, indented to follow
     * the default pack's): one watch-list rule per term triple, low severity, in {@value #WATCHLIST}.
     */
    public String rulesYaml() {
        StringBuilder yaml = new StringBuilder();
        for (int r = 0; r < watchLists.size(); r++) {
            yaml.append("\n  - id: watch-")
                    .append(r)
                    .append("\n    category: ")
                    .append(WATCHLIST)
                    .append("\n    severity: low\n    description: generated by geoalert bench\n    any: [")
                    .append(String.join(", ", watchLists.get(r)))
                    .append("]\n");
        }
        return yaml.toString();
    }

    /** A rule file: the default pack with the generated rules added at the end of its {@code rules:} list. */
    public String ruleFile() {
        try (InputStream in = RulePack.class.getResourceAsStream(RulePack.DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RulePack.DEFAULT_RESOURCE + " is missing from the build");
            }
            // the default pack ends with its rules: list, so the generated entries continue it
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).stripTrailing() + "\n" + rulesYaml();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next item, its id {@code prefix} followed by a serial number, fetched at {@code fetchedAt}. */
    public NewsItem next(String prefix, Instant fetchedAt) {
        long n = made++;
        String id = prefix + n;
        String source = SOURCES[random.nextInt(SOURCES.length)];
        String[] story = random.nextDouble() < ALERTING_SHARE ? alerting() : neutral();
        // the lead (the first 40 words) is mostly drawn word by word, as leads of real stories differ
        StringBuilder body = new StringBuilder(BODY_CHARS + 300)
                .append(story[1])
                .append(' ')
                .append(context())
                .append(' ');
        boolean watched = !watchLists.isEmpty() && random.nextDouble() < WATCHED_SHARE;
        int watchAt = watched ? random.nextInt(6) : -1;
        for (int s = 0; body.length() < BODY_CHARS; s++) {
            body.append(sentence()).append(' ');
            if (s == watchAt) {
                List<String> terms = watchLists.get(random.nextInt(watchLists.size()));
                body.append("Residents also asked about ")
                        .append(terms.get(random.nextInt(terms.size())))
                        .append(". ");
            }
        }
        return new NewsItem(
                id,
                source,
                story[0],
                "https://" + source + ".example/news/" + id,
                body.toString().strip(),
                fetchedAt,
                fetchedAt,
                "en",
                null,
                null,
                null);
    }

    /** Headline and lead of a story the default rules alert on. */
    private String[] alerting() {
        String a = pick(STATES);
        String b = other(a);
        String name = name();
        int n = 2 + random.nextInt(900);
        // short first sentences: their fixed word pairs would otherwise pile a story type on one story key
        return switch (random.nextInt(5)) {
            case 0 ->
                new String[] {
                    a + " imposes sanctions on " + n + " " + b + " " + pick(SECTORS) + " firms",
                    a + " " + pick("froze", "blocked", "seized") + " assets of " + name + " and " + n + " "
                            + pick(SECTORS) + " " + pick("executives", "traders", "shippers") + "."
                };
            case 1 ->
                new String[] {
                    a + " and " + b + " sign treaty on " + pick(SECTORS) + " trade after " + n + " rounds of talks",
                    pick("Envoys", "Ministers", "Negotiators") + " " + name + " and " + name() + " "
                            + pick("signed", "initialled", "sealed") + " the treaty in " + pick(CITIES) + "."
                };
            case 2 ->
                new String[] {
                    "IAEA inspectors report " + n + " kg rise in " + a + " enriched uranium stockpile",
                    pick("Inspectors", "Experts", "Officials") + " led by " + name + " "
                            + pick("found", "saw", "logged") + " enriched uranium near " + pick(CITIES) + "."
                };
            case 3 ->
                new String[] {
                    a + " army launches offensive near " + pick(CITIES) + " with " + n + " tanks",
                    "Troops under " + name + " " + pick("advanced", "pushed on", "moved") + " as "
                            + pick("fighting", "clashes") + " left " + (2 + random.nextInt(60)) + " "
                            + pick("soldiers", "fighters", "rebels") + " dead."
                };
            default ->
                new String[] {
                    "E3 notify Security Council of snapback over " + n + " breaches by Iran",
                    "E3 " + pick("diplomats", "envoys", "ministers") + " " + name + " and " + name() + " "
                            + pick("triggered", "invoked", "began") + " the snapback on Iran."
                };
        };
    }

    /** Headline and lead of an everyday story that no default rule alerts on. */
    private String[] neutral() {
        String city = pick(CITIES);
        int n = 2 + random.nextInt(900);
        String name = name();
        return switch (random.nextInt(5)) {
            case 0 ->
                new String[] {
                    pick(STATES) + " " + pick(SECTORS) + " output rises " + n + " percent in " + pick(MONTHS),
                    pick(ADJECTIVES) + " " + pick(PEOPLE) + " in " + city + " " + pick(VERBS) + " " + pick(OBJECTS)
                            + ", " + name + ", " + pick(ROLES) + " at the " + pick(ORGS) + ", said on " + pick(DAYS)
                            + "."
                };
            case 1 ->
                new String[] {
                    city + " marathon draws " + n + " runners despite " + pick(OBJECTS),
                    name + " won the race in " + (120 + random.nextInt(40)) + " minutes while " + pick(ADJECTIVES) + " "
                            + pick(PEOPLE) + " " + pick(VERBS) + " " + pick(OBJECTS) + " along the route."
                };
            case 2 ->
                new String[] {
                    name + " Group reports quarterly profit of " + n + " million",
                    "The " + pick(SECTORS) + " company based in " + city + " " + pick(VERBS) + " " + pick(OBJECTS)
                            + ", and " + name() + ", " + pick(ROLES) + ", said " + pick(PEOPLE) + " " + pick(VERBS)
                            + " "
                            + pick(OBJECTS) + "."
                };
            case 3 ->
                new String[] {
                    "Heavy rain closes " + n + " schools across " + city,
                    pick(ADJECTIVES) + " " + pick(PEOPLE) + " " + pick(VERBS) + " " + pick(OBJECTS) + " on "
                            + pick(DAYS) + " as " + name + " of the " + pick(ORGS) + " asked drivers to stay at home."
                };
            default ->
                new String[] {
                    "Museum in " + city + " opens exhibition of " + n + " paintings by " + name,
                    "Curator " + name() + " said " + pick(ADJECTIVES) + " " + pick(PEOPLE) + " " + pick(VERBS) + " "
                            + pick(OBJECTS) + " before the opening in " + pick(MONTHS) + "."
                };
        };
    }

    /** A sentence of words drawn one by one, to follow a lead's first sentence. */
    private String context() {
        return switch (random.nextInt(3)) {
            case 0 ->
                capital(name()) + " told " + name() + " in " + pick(CITIES) + " that " + pick(ADJECTIVES) + " "
                        + pick(PEOPLE) + " " + pick(VERBS) + " " + pick(OBJECTS) + " after " + (2 + random.nextInt(98))
                        + " " + pick(ADJECTIVES) + " " + pick(PEOPLE) + " " + pick(VERBS) + " " + pick(OBJECTS) + ".";
            case 1 ->
                capital(pick(ADJECTIVES)) + " " + pick(PEOPLE) + " and " + pick(ADJECTIVES) + " "
                        + pick(PEOPLE) + " from " + pick(CITIES) + " " + pick(VERBS) + " " + pick(OBJECTS) + ", "
                        + name() + " wrote, while " + name() + " " + pick(VERBS) + " " + pick(OBJECTS) + ".";
            default ->
                "In " + pick(CITIES) + " and " + pick(CITIES) + ", " + pick(ADJECTIVES) + " " + pick(PEOPLE)
                        + " " + pick(VERBS) + " " + pick(OBJECTS) + " while " + name() + " and " + name() + " "
                        + pick(VERBS) + " " + pick(OBJECTS) + " in " + pick(MONTHS) + ".";
        };
    }

    /** One sentence of body text, in words no default rule reacts to. */
    private String sentence() {
        String subject = pick(ADJECTIVES) + " " + pick(PEOPLE);
        return switch (random.nextInt(4)) {
            case 0 ->
                capital(subject) + " in " + pick(CITIES) + " " + pick(VERBS) + " " + pick(OBJECTS) + " in "
                        + pick(MONTHS) + ", according to " + name() + " of the " + pick(ORGS) + ".";
            case 1 ->
                capital(pick(ROLES)) + " at the " + pick(ORGS) + " said " + subject + " " + pick(VERBS) + " "
                        + pick(OBJECTS) + " and " + pick(OBJECTS) + ".";
            case 2 ->
                "Figures published on " + pick(DAYS) + " showed " + (1 + random.nextInt(99)) + " " + subject + " "
                        + pick(VERBS) + " " + pick(OBJECTS) + ".";
            default ->
                capital(name()) + ", who has followed " + subject + " in " + pick(CITIES) + " for "
                        + (2 + random.nextInt(30)) + " years, " + pick(VERBS) + " " + pick(OBJECTS) + ".";
        };
    }

    private String other(String state) {
        String other = pick(STATES);
        return other.equals(state) ? other(state) : other;
    }

    private String name() {
        String name = word(NAME_SYLLABLES, 2) + pick(NAME_ENDINGS);
        return capital(name);
    }

    private String word(String[] syllables, int count) {
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < count; i++) {
            word.append(syllables[random.nextInt(syllables.length)]);
        }
        return word.toString();
    }

    private String pick(String... words) {
        return words[random.nextInt(words.length)];
    }

    private static String capital(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
