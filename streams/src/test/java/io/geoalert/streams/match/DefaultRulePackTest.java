package io.geoalert.streams.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.model.Alert;
import io.geoalert.model.NewsItem;
import io.geoalert.producer.corpus.Corpus;
import io.geoalert.streams.eval.Evaluation;
import io.geoalert.streams.eval.LabeledItem;
import io.geoalert.streams.eval.LabeledItems;
import io.geoalert.streams.rules.RulePack;
import io.geoalert.testing.RequiresSharedData;
import io.geoalert.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The bundled rules measured the way an analyst would: on the seed article, the labeled dev set,
 * the project's written snapback cases, and both halves of the evaluation set in {@code eval/}
 * (real news from ../shared/corpora, labeled by the guide; the test half was never used to choose
 * terms).
 */
class DefaultRulePackTest {

    private static final Path EVAL = Path.of("..", "eval");

    private final RuleMatcher matcher = RuleMatcher.compile(RulePack.defaults());

    private Set<String> categories(NewsItem item) {
        return matcher.match(item).hits().stream()
                .map(h -> h.rule().category())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    @RequiresSharedData("fixtures/tehran-times-iran-russia-roadmap.txt")
    void seedArticleRaisesAllFiveCategoriesEachWithMatchedTerms() throws IOException {
        String[] text = Files.readString(SharedData.path("fixtures/tehran-times-iran-russia-roadmap.txt"))
                .split("\n", 2);
        NewsItem item =
                new NewsItem("seed", "tehran-times", text[0], null, text[1], null, null, null, null, null, null);
        RuleMatcher.Result result = matcher.match(item);
        assertEquals(Set.of("sanctions", "snapback", "treaty", "nuclear", "military"), categories(item));
        result.hits()
                .forEach(hit -> assertTrue(!hit.matches().isEmpty(), hit.rule().id()));
        assertTrue(
                result.entities().containsAll(List.of("Iran", "Russia", "United Nations")),
                result.entities().toString());
    }

    @Test
    @RequiresSharedData("fixtures/labeled-dev.jsonl")
    void reachesPrecisionAndRecallOnTheLabelledDevSet() throws IOException {
        Evaluation.Report report = evaluate(SharedData.path("fixtures/labeled-dev.jsonl"));
        assertEquals(List.of(), report.shortfalls(0.95, 0.95), () -> describe(report));
    }

    @Test
    void bundledSamplesRaiseTheirCategoriesAndTheLookAlikesNothing() throws IOException {
        Map<String, Set<String>> expected = Map.ofEntries(
                Map.entry("sample-001", Set.of("sanctions")),
                Map.entry("sample-002", Set.of("sanctions", "snapback", "nuclear")),
                Map.entry("sample-003", Set.of("treaty")),
                Map.entry("sample-004", Set.of("nuclear")),
                Map.entry("sample-005", Set.of("military")),
                Map.entry("sample-006", Set.of("treaty", "nuclear", "military")),
                Map.entry("sample-007", Set.of("sanctions")),
                Map.entry("sample-008", Set.of()),
                Map.entry("sample-009", Set.of()),
                Map.entry("sample-010", Set.of()),
                Map.entry("sample-011", Set.of("treaty", "military")),
                Map.entry("sample-012", Set.of("sanctions", "snapback", "treaty", "nuclear")),
                Map.entry("sample-013", Set.of()),
                Map.entry("sample-014", Set.of()));
        List<String> lines = Files.readAllLines(Path.of("..", "samples", "news.jsonl"));
        assertEquals(expected.size(), lines.size());
        for (String line : lines) {
            NewsItem item =
                    io.geoalert.model.NewsItemReader.read(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(expected.get(item.id()), categories(item), item.id());
        }
    }

    @Test
    void findsSnapbackToldInTheMechanismsOwnWordsAndNotItsLookAlikes() throws IOException {
        Evaluation.Report report = evaluate(EVAL.resolve("written/snapback.jsonl"));
        Evaluation.CategoryScore snapback = report.category("snapback");
        assertEquals(8, snapback.positives());
        assertEquals(8, snapback.truePositives(), () -> describe(report));
        assertEquals(0, snapback.falsePositives(), () -> describe(report));
    }

    private static NewsItem written(String title, String body) {
        return new NewsItem("w", "written", title, null, body, null, null, null, null, null, null);
    }

    /** The kinds the treaty and sanctions rules were widened or narrowed for, told in words of our own. */
    @Test
    void findsTreatiesAndPunitiveTariffsByTheirKindsAndNotTheirLookAlikes() {
        assertEquals(
                Set.of("treaty"),
                categories(written("Tokyo vows to honour chip pact with Washington", "Officials met on Monday.")));
        assertEquals(
                Set.of("treaty"),
                categories(written("Ghana signs loan agreement with World Bank", "The loan funds new roads.")));
        assertEquals(
                Set.of(),
                categories(written(
                        "Peru signs debt accord",
                        "Peru agreed a rescheduling with its commercial bank creditors; the debt accord covers"
                                + " two billion dlrs, the finance minister said.")));
        assertEquals(
                Set.of(),
                categories(written(
                        "Acme signs supply deal with Japanese group",
                        "Acme Corp said the agreement with the Japanese group runs five years.")));
        assertEquals(
                Set.of(),
                categories(written(
                        "Cocoa futures slip as traders wait",
                        "Traders said the International Cocoa Organization (ICCO) council meets next week;"
                                + " the ICCO buffer stock talks may resume.")));
        assertEquals(
                Set.of("sanctions"),
                categories(written(
                        "White House puts tariffs on Brazilian goods",
                        "The tariffs on Brazilian electronics take effect Friday, officials said.")));
        assertEquals(
                Set.of(),
                categories(written(
                        "U.S. sets duties on Canadian lumber",
                        "Countervailing duties on Canadian softwood take effect, the Commerce Department said.")));
    }

    /** The sanctions kinds, told in words of our own: each pair is a kind and its look-alike. */
    @Test
    void findsCoerciveMeasuresByTheirKindsAndNotTheirLookAlikes() {
        assertTrue(categories(written(
                        "EU imposes new sanctions on Iran",
                        "The sanctions follow a report by the U.N. nuclear watchdog that Tehran has enriched more"
                                + " uranium than the deal allows, ministers said."))
                .contains("sanctions"));
        assertEquals(
                Set.of("sanctions"),
                categories(written(
                        "Senate votes to suspend aid to Guatemala",
                        "Senators said the cut would last until the government ends abuses.")));
        assertEquals(
                Set.of("sanctions"),
                categories(written(
                        "Lithuania bans Belarusian imports of fertiliser",
                        "The ban answers the border crisis, the government said.")));
        assertEquals(
                Set.of(),
                categories(written(
                        "Seoul to cut tariffs on 50 U.S. goods",
                        "The tariffs on American machinery and fruit will fall by half, officials said.")));
        assertEquals(
                Set.of(),
                categories(written(
                        "Data watchdog orders search company to delete links",
                        "The privacy regulator said the company had two weeks to comply with its order to remove the"
                                + " results from every version of its site; if it refuses it faces sanctions of up"
                                + " to four percent of its turnover.")));
        assertEquals(
                Set.of("sanctions"),
                categories(written(
                        "Senate bill would force disinvestment from South Africa",
                        "Its sponsors cited the government's refusal to end apartheid.")));
        assertEquals(
                Set.of("sanctions"),
                categories(written(
                        "Congress weighs trade curbs against Brazil", "Lawmakers said a vote could come next month.")));
        assertEquals(
                Set.of("sanctions"),
                categories(written(
                        "London may revoke licences of Japanese banks",
                        "Ministers said they would act unless Tokyo opens its markets.")));
    }

    /** War-zone violence and its crime and accident look-alikes, written by us (not from any corpus). */
    @Test
    void findsWarZoneViolenceAndNotABarShootingOrAGasExplosion() {
        assertEquals(
                Set.of(),
                categories(written("Gunmen kill three in downtown bar shooting", "Police are searching for the men.")));
        assertEquals(
                Set.of("military"),
                categories(written("Bomb attack on market kills 20 in Iraqi town", "No group has claimed it.")));
        assertEquals(
                Set.of("military"),
                categories(written(
                        "Government forces and rebels clash near the border, 30 dead",
                        "The fighting began at dawn, the army said.")));
        assertEquals(
                Set.of("military"),
                categories(written(
                        "Russian warplanes deployed to Syria, officials say",
                        "The aircraft landed at an air base near the coast.")));
        assertEquals(
                Set.of(),
                categories(written(
                        "Gas explosion kills 12 in Nigeria",
                        "A gas tanker exploded at a filling station in the city, emergency officials said.")));
        assertEquals(
                Set.of("military"),
                categories(written(
                        "Bomb blast at fuel depot kills 12 in Nigeria",
                        "Militants attacked the depot at night, the army said.")));
    }

    /**
     * Treaties told by who the parties are, written by us (not from any corpus): a state with the Paris
     * Club or a pact with the Soviet Union counts; a ticker that spells a treaty's acronym, a company's
     * contract with a state agency, a bank's own refinancing and a treaty named as background to an
     * attack or an economy story do not.
     */
    @Test
    void findsTreatiesByTheirPartiesAndNotTickersContractsOrBackground() {
        assertFalse(categories(written(
                        "Two chipmakers sign chip licensing agreement",
                        "Micron Devices Inc will pay royalties on the patents for ten years, the companies said."))
                .contains("treaty"));
        assertFalse(categories(written(
                        "Dockers' trade union pact ends port strike",
                        "The union and the port operators agreed a two-year wage deal on Friday."))
                .contains("treaty"));
        assertTrue(categories(written(
                        "Tokyo and Washington reach chip pact",
                        "The two governments agreed to end dumping of semiconductors, officials said."))
                .contains("treaty"));
        assertTrue(categories(written(
                        "Yugoslavia wins time in Paris Club talks",
                        "Creditor governments agreed to give Belgrade more time to repay."))
                .contains("treaty"));
        assertTrue(categories(written(
                        "Washington and Moscow near missile pact",
                        "The pact between the United States and the Soviet Union would remove medium range"
                                + " missiles from Europe, officials said."))
                .contains("treaty"));
        assertTrue(categories(written(
                        "Turkey to apply for EC membership",
                        "Ankara will formally apply to join the European Community, officials said."))
                .contains("treaty"));
        assertFalse(categories(written(
                        "Investor starts bid for Delta <NPT> shares",
                        "An investor offered to buy 100,000 common shares of Delta Enterprises Inc at 20 dlrs"
                                + " each, he said."))
                .contains("treaty"));
        assertEquals(
                Set.of(),
                categories(written(
                        "Acme sets China pact",
                        "Acme Corp said it won a contract worth 40 mln dlrs for boilers at a power station run by a"
                                + " Chinese state import agency.")));
        assertEquals(
                Set.of(),
                categories(written(
                        "World Bank refinances yen loans",
                        "The World Bank repaid and refinanced yen loans at lower interest rates, its treasurer said in"
                                + " Washington.")));
        assertEquals(
                Set.of("military"),
                categories(written(
                        "Bomb wounds peacekeepers who monitor the 1979 peace treaty",
                        "Two soldiers were hurt in the Sinai blast, officials said.")));
        assertEquals(
                Set.of(),
                categories(written(
                        "Portuguese economy stays strong",
                        "Portugal's economy is growing fast, analysts said, and the government crisis is unlikely to"
                                + " change that. Exports rose again in March, helped by lower oil prices and a weaker"
                                + " dollar, while inflation eased for the third month in a row. Investment has grown"
                                + " since Portugal joined the European Community last year.")));
    }

    /** The G-7's currency accords and arms control pacts by what they are, written by us. */
    @Test
    void findsCurrencyAndArmsAccordsByWhatTheyAreAndNotAMeetingsAgenda() {
        assertEquals(
                Set.of("treaty"),
                categories(written(
                        "Minister says G-7 still committed to a stable dollar",
                        "The finance minister said the seven governments remain committed to cooperating to keep exchange"
                                + " rates stable, as agreed in February.")));
        assertEquals(
                Set.of(),
                categories(written(
                        "G-7 deputies to meet in Rome on summit agenda",
                        "Deputies of the seven leaders will meet informally next week to prepare the agenda of the June"
                                + " summit, officials said.")));
        assertTrue(categories(written(
                        "Superpowers close to missile accord",
                        "Negotiators in Geneva said a draft text on medium range missiles could be ready within"
                                + " weeks."))
                .contains("treaty"));
    }

    /** Agreements known by a name with no instrument word in it (New START, NAFTA), written by us. */
    @Test
    void findsAgreementsKnownByANameWithoutAnInstrumentWord() {
        assertTrue(categories(written(
                        "Moscow and Washington extend New START by five years",
                        "Both governments agreed to keep the limits on deployed strategic warheads, officials said."))
                .contains("treaty"));
        assertEquals(
                Set.of("treaty"),
                categories(written(
                        "Canada rejoins NAFTA talks", "Negotiators from Ottawa returned to the table in Washington.")));
        assertEquals(
                Set.of(),
                categories(written(
                        "Coach promises a new start for the club",
                        "The new coach said the team would make a new start after a poor season.")));
    }

    /**
     * What the pack measured on the held-out half when it was last tuned, as floors a change must not
     * fall below. Issue 11's targets (0.90 precision and recall for every category with 20 or more
     * positives, 0.80 for the rest) are not met yet: sanctions, treaty and military fall
     * short, so these floors guard what was reached rather than claim the targets. The set grew by
     * 365 stories in its fourth labeling round (eval/README.md); these are the pack's figures on the
     * grown set, first measured before any rule was changed on the new stories (a lower sanctions
     * precision then was the set's, not the pack's), and raised to what the fourth and fifth rounds of rules
     * measured.
     */
    private static final Map<String, double[]> TEST_HALF_FLOORS = Map.of(
            "military", new double[] {0.85, 0.86},
            "nuclear", new double[] {0.85, 0.95},
            "sanctions", new double[] {0.96, 0.85},
            "treaty", new double[] {0.74, 0.79});

    private static final Map<String, double[]> TUNING_HALF_FLOORS = Map.of(
            "military", new double[] {0.98, 0.97},
            "nuclear", new double[] {0.95, 0.95},
            "sanctions", new double[] {0.96, 1.00},
            "treaty", new double[] {0.98, 0.90});

    @Test
    @RequiresSharedData("corpora/reuters21578-subset/reut2-000.sgm")
    void holdsItsMeasuredPrecisionAndRecallOnTheHeldOutTestHalf() throws IOException {
        assertFloors(evaluate(EVAL.resolve("test.jsonl")), TEST_HALF_FLOORS);
    }

    @Test
    @RequiresSharedData("corpora/reuters21578-subset/reut2-000.sgm")
    void holdsItsPrecisionAndRecallOnTheTuningHalf() throws IOException {
        assertFloors(evaluate(EVAL.resolve("tuning.jsonl")), TUNING_HALF_FLOORS);
    }

    private static void assertFloors(Evaluation.Report report, Map<String, double[]> floors) {
        floors.forEach((category, floor) -> {
            Evaluation.CategoryScore score = report.category(category);
            assertTrue(score.positives() > 0, category + " has no labeled items");
            assertTrue(score.precision() >= floor[0], () -> category + " precision" + describe(report));
            assertTrue(score.recall() >= floor[1], () -> category + " recall" + describe(report));
        });
    }

    private Evaluation.Report evaluate(Path... files) throws IOException {
        return Evaluation.run(matcher, read(files));
    }

    private static List<LabeledItem> read(Path... files) throws IOException {
        Corpus corpus = new Corpus(SharedData.root()
                .map(root -> root.resolve("corpora"))
                .orElse(Path.of("..", "..", "shared", "corpora")));
        List<LabeledItem> items = new ArrayList<>();
        for (Path file : files) {
            items.addAll(LabeledItems.read(file, corpus::item));
        }
        return items;
    }

    /**
     * Matching keeps neither the reasons nor the partial mentions of conditions not met, and explaining
     * keeps both: on every written case, the two must fire the same rules with the same matches.
     */
    @Test
    void matchingAndExplainingFireTheSameRulesWithTheSameMatches() throws IOException {
        Path[] written;
        try (var files = Files.list(EVAL.resolve("written"))) {
            written =
                    files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toArray(Path[]::new);
        }
        List<LabeledItem> items = read(written);
        int fired = 0;
        for (LabeledItem labeled : items) {
            NewsItem item = labeled.item();
            Map<String, List<Alert.Match>> matched = new TreeMap<>();
            matcher.match(item).hits().forEach(h -> matched.put(h.rule().id(), h.matches()));
            Map<String, List<Alert.Match>> explained = new TreeMap<>();
            for (RuleMatcher.Explanation e : matcher.explain(item)) {
                if (e.fired()) {
                    explained.put(
                            e.rule().id(),
                            e.matches().subList(0, Math.min(e.matches().size(), Alert.MAX_MATCHES)));
                }
            }
            assertEquals(explained, matched, item.id());
            fired += matched.size();
        }
        assertTrue(items.size() > 500 && fired > 300, items.size() + " items, " + fired + " rules fired");
    }

    private static String describe(Evaluation.Report report) {
        StringBuilder out = new StringBuilder();
        report.categories()
                .forEach(c -> out.append(String.format(
                        "%n%-10s positives %3d  precision %s  recall %s",
                        c.category(), c.positives(), c.precision(), c.recall())));
        report.misses()
                .forEach(m -> out.append("\nmissed ")
                        .append(m.category())
                        .append(" on ")
                        .append(m.item()));
        report.falseAlarms()
                .forEach(m -> out.append("\nfalse alarm ")
                        .append(m.category())
                        .append(" on ")
                        .append(m.item()));
        return out.toString();
    }

    /**
     * Agreements between governments and their look-alikes, written by us from the guide's In and Out lists
     * ({@code eval/written/treaty.jsonl}: company, union, club and domestic deals, market reports and history
     * naming a pact, reinsurance treaties, procurement, the EC's own accords). The pack before this check found
     * 26 of 33 with 26 false alarms.
     */
    @Test
    void findsAgreementsBetweenGovernmentsAndNotTheirWrittenLookAlikes() throws IOException {
        Evaluation.Report report = evaluate(EVAL.resolve("written/treaty.jsonl"));
        assertWritten(report, "treaty", 33, 32, 2);
    }

    /**
     * Our own written military and sanctions cases (eval/written/military-sanctions.jsonl, not from any
     * corpus): 58 look-alikes from the guide's Out lists and 38 true items from its In lists, in the styles
     * of a 1987 wire, a 2015 Current Events entry and a 2018 feed. The one false alarm allowed is a letter
     * bomb sent by a criminal: a bomb is taken as armed conflict unless the story says otherwise.
     */
    @Test
    void findsMilitaryAndSanctionsByTheirKindsAndNotTheirWrittenLookAlikes() throws IOException {
        Evaluation.Report report = evaluate(EVAL.resolve("written/military-sanctions.jsonl"));
        assertWritten(report, "military", 25, 25, 1);
        assertWritten(report, "sanctions", 13, 13, 0);
    }

    /**
     * Fresh military and sanctions cases by a writer who never saw the rules ({@code
     * eval/written/fresh-milsan.jsonl}, not from any corpus): true items told without the obvious keyword and
     * close look-alikes. The pack before them found 26 of 46 military and 17 of 30 sanctions items, with 6 and 1
     * false alarms; its kinds were fixed on the odd ids first, and the even ids then measured 0.88/0.65 military and
     * 0.91/0.67 sanctions before their own misses were read. The military rules of that round lost one item on the
     * held-out test half (recall 0.86 to 0.84, under its floor) and were reverted; the next round's (units and
     * weapons named instead of troops, coups without the word, written from {@code fresh2-military.jsonl} with this
     * set's misses in view) find 40 of 46, with the same 6 false alarms.
     */
    @Test
    void findsFreshMilitaryAndSanctionsCasesWrittenWithoutThePacksWords() throws IOException {
        Evaluation.Report report = evaluate(EVAL.resolve("written/fresh-milsan.jsonl"));
        assertWritten(report, "military", 46, 40, 6);
        assertWritten(report, "sanctions", 30, 30, 0);
    }

    /**
     * Treaty events told without the obvious keyword, and their close look-alikes, written fresh by a writer
     * who never saw the rules ({@code eval/written/fresh-treaty.jsonl}, not from any corpus: a joint
     * declaration initialled, creditor governments rescheduling, an accession instrument entering into force,
     * a federation's own governments agreeing, a takeover a state must clear). The pack before this check found
     * 37 of 70 with 6 false alarms; the half it was not tuned on first measured 0.82 precision, 0.51 recall.
     */
    @Test
    void findsTreatiesToldWithoutTheObviousKeywordAndNotTheirFreshLookAlikes() throws IOException {
        Evaluation.Report report = evaluate(EVAL.resolve("written/fresh-treaty.jsonl"));
        assertWritten(report, "treaty", 70, 65, 0);
    }

    /**
     * The second round of fresh cases ({@code eval/written/fresh2-*.jsonl}, 130 each, by writers who never saw the
     * rules, not from any corpus). Rules were changed on the odd ids only; the even ids were measured once, before
     * and after: sanctions 0.91/0.54 to 0.93/0.70, military 0.96/0.59 to 0.96/0.70, treaty 0.78/0.46 unchanged (its
     * round fitted its odd ids and nothing carried over, and it lost precision on the test half: reverted). The
     * floors are the whole files' figures after the round.
     */
    @Test
    void findsTheSecondRoundOfFreshCasesAsMeasured() throws IOException {
        assertWritten(evaluate(EVAL.resolve("written/fresh2-sanctions.jsonl")), "sanctions", 75, 58, 3);
        assertWritten(evaluate(EVAL.resolve("written/fresh2-military.jsonl")), "military", 75, 63, 1);
        assertWritten(evaluate(EVAL.resolve("written/fresh2-treaty.jsonl")), "treaty", 70, 38, 9);
    }

    /**
     * Look-alikes a review found by reading the fifth round's clauses, written by us ({@code
     * eval/written/review-lookalikes.jsonl}): sanctions no longer fires on a bloc's own rules breached, a sports
     * body's ban, trade quotas, health bans or ivory smuggled; an accident's "unless" now knows shelling. The
     * military fixes (firms joining forces, an armoured van robbed, an F-350, a team captain ousted, separatist
     * parties winning a vote, an armed group's election coalition) lost one held-out test-half item and were
     * reverted: the eight military false alarms are kept here as a record, not as a goal.
     */
    @Test
    void theReviewsLookAlikesAsMeasured() throws IOException {
        Evaluation.Report report = evaluate(EVAL.resolve("written/review-lookalikes.jsonl"));
        assertWritten(report, "sanctions", 2, 2, 0);
        assertWritten(report, "military", 2, 2, 8);
    }

    /**
     * One category of a written set: exactly {@code positives} true items, at least {@code found} of them
     * found, at most {@code falseAlarms} false alarms.
     */
    private static void assertWritten(
            Evaluation.Report report, String category, int positives, int found, int falseAlarms) {
        Evaluation.CategoryScore score = report.category(category);
        assertEquals(positives, score.positives(), category);
        assertTrue(score.truePositives() >= found, () -> category + " found" + describe(report));
        assertTrue(score.falsePositives() <= falseAlarms, () -> category + " false alarms" + describe(report));
    }
}
