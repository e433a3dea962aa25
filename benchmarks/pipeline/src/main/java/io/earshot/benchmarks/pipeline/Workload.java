package io.earshot.benchmarks.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deterministic (seeded) stream of mentions for one benchmark run. Its texts are real public posts (the TweetEval
 * sentiment train split, when the data folder is there) with the run's brands put in place of the companies and
 * handles they name, or built-in templates otherwise. Two mixes:
 * <ul>
 * <li>{@link Mix#REALISTIC} (the default): a normal day of five brands of unequal volume, with a realistic share of
 * escalations (about 1% distress, a few percent angry or urgent), five sources, other languages, emoji, long posts and
 * about 3% exact re-sends of an earlier post (which the listener must count as duplicates);</li>
 * <li>{@link Mix#CRISIS}: the same, plus an angry spike for the first brand that makes up a third of the stream
 * (two thirds of the middle half): real angry posts and a copy-paste campaign from many fresh, low-follower
 * accounts.</li>
 * </ul>
 */
final class Workload {
    enum Mix {
        REALISTIC, CRISIS;

        static Mix parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "realistic" -> REALISTIC;
                case "crisis" -> CRISIS;
                default -> throw new IllegalArgumentException("--mix realistic or crisis, not " + s);
            };
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What the workload meant a mention to be (the labels of the data, not what Earshot makes of it). */
    enum Kind {
        NEGATIVE, NEUTRAL, POSITIVE, OTHER_LANGUAGE, DISTRESS, SPIKE
    }

    /** One mention to send: its JSON body and the (source, externalId) it is identified by. */
    record Item(String brand, String source, String externalId, String json, boolean resend, Kind kind) {}

    /** The texts to draw from, by label. */
    record Texts(String origin, List<String> negative, List<String> neutral, List<String> positive,
            int negativePercent) {
        /**
         * The TweetEval sentiment train split under {@code data} ({@code tweeteval/sentiment/train_text.txt} and
         * {@code train_labels.txt}) when it is there, else the built-in templates. Only the train split: the
         * validation split stays unseen.
         */
        static Texts load(Path data) {
            Path text = data.resolve("tweeteval/sentiment/train_text.txt");
            Path labels = data.resolve("tweeteval/sentiment/train_labels.txt");
            if (!Files.isReadable(text) || !Files.isReadable(labels)) {
                return templates();
            }
            try {
                List<String> lines = Files.readAllLines(text, StandardCharsets.UTF_8);
                List<String> label = Files.readAllLines(labels, StandardCharsets.UTF_8);
                List<String> neg = new ArrayList<>();
                List<String> neu = new ArrayList<>();
                List<String> pos = new ArrayList<>();
                for (int i = 0; i < Math.min(lines.size(), label.size()); i++) {
                    String t = lines.get(i).strip();
                    if (t.length() < 10) {
                        continue;
                    }
                    switch (label.get(i).strip()) {
                        case "0" -> neg.add(t);
                        case "1" -> neu.add(t);
                        case "2" -> pos.add(t);
                        default -> {
                            // not a sentiment label: skipped
                        }
                    }
                }
                if (neg.isEmpty() || neu.isEmpty() || pos.isEmpty()) {
                    return templates();
                }
                return new Texts(String.format(Locale.ROOT, "TweetEval sentiment train, %d real posts (%s)",
                        neg.size() + neu.size() + pos.size(), data.resolve("tweeteval/sentiment")), neg, neu, pos,
                        NEGATIVE_PERCENT_REAL);
            } catch (IOException e) {
                return templates();
            }
        }

        static Texts templates() {
            return new Texts("built-in templates (no tweeteval/sentiment/train_* in the data folder)", List.of(
                    NEGATIVE),
                    List.of(NEUTRAL), List.of(POSITIVE), NEGATIVE_PERCENT_TEMPLATES);
        }
    }

    /**
     * Share of negative posts (by the data's human labels) in the realistic mix: about what social-listening feeds
     * see for a brand on a normal day. Real negative posts are mostly mild (on the train split, about a third of them
     * score -0.5 or below with lexicon-0.2, the default "negative" rule's threshold), so they make a few percent of
     * cases; every negative template is angry, so the templates get fewer.
     */
    static final int NEGATIVE_PERCENT_REAL = 10;
    static final int NEGATIVE_PERCENT_TEMPLATES = 4;
    /** Relative volume of the five brands of a run. */
    private static final int[] BRAND_WEIGHTS = {40, 25, 15, 12, 8};
    static final int BRANDS = BRAND_WEIGHTS.length;

    private static final String[] SOURCES = {"mastodon", "reddit", "hackernews", "bluesky", "rss"};
    private static final String[] NEGATIVE = {
            "Third outage this week, I can't log in and support is not answering. I want a refund NOW",
            "charged twice for my subscription and still waiting for a reply after 5 days 😡",
            "the new update broke sync on every device, this is unacceptable",
            "Worst customer service ever. On hold for 40 minutes and then they hung up on me!!!",
            "app keeps crashing when I open the billing page, cancelling my plan today",
            "great, another outage. love paying for a service that never works 🙄",
            "If this isn't fixed by Friday my lawyer will be in touch about the missing funds",
    };
    private static final String[] POSITIVE = {
            "Just switched to the new plan and it's sooo much faster, thanks team!",
            "Support fixed my issue in 5 minutes. Really impressed 👏",
            "love the dark mode in the latest release ❤️",
            "Honestly the best onboarding I've seen in a SaaS product. Would love an offline mode though",
    };
    private static final String[] NEUTRAL = {
            "Does anyone know if the API supports webhooks for invoices?",
            "Reading the release notes for version 4.2 now",
            "Is it worth upgrading to the pro tier for a team of three?",
            "Moved our docs to their wiki last month, still evaluating",
    };
    private static final String[] OTHER_LANGUAGES = {
            "es|El servicio no funciona desde ayer y nadie responde, quiero mi dinero",
            "es|Me encanta la nueva versión, mucho más rápida",
            "fr|Encore une panne, c'est vraiment inadmissible pour un service payant",
            "fr|Quelqu'un sait si l'offre famille inclut le stockage ?",
            "de|Die App stürzt ständig ab, der Support antwortet nicht",
            "de|Danke für die schnelle Hilfe heute 👍",
    };
    private static final String[] DISTRESS = {
            "there was a gas leak after your technician left and my kids are scared, please send someone",
            "I can't take this anymore, I want to end it all",
            "your driver threatened me and I don't feel safe at my own door",
            "someone from your store keeps messaging me at night and says he knows where I live, I'm scared",
    };
    private static final String[] CAMPAIGN = {
            "BREAKING: %s leaked customer passwords, delete your account before it is too late",
            "%s lied about the breach. Boycott them now, share before they delete this",
            "Everyone cancel %s today. They sold our data and they don't care #boycott",
    };
    private static final String[] EMOJI_NEGATIVE = {" 😡", " 🙄", " 😤", " 👎"};
    private static final String[] EMOJI_OTHER = {" 👍", " ❤️", " 🤔", " 😂", " 🙏"};
    private static final String LONG_TAIL = " I have been a customer for six years, recommended you to my whole team, "
            + "and paid every invoice on time, so being treated like this after one problem is really disappointing. "
            + "Please look at ticket 48213 and call me back, I already explained everything twice.";
    /**
     * Companies the posts name, replaced by the run's brand (products, platforms and ambiguous words such as "united"
     * or "target" are left alone).
     */
    private static final Pattern COMPANY = Pattern.compile("(?i)\\b(apple|amazon|google|netflix|samsung|microsoft|sony"
            + "|nike|toyota|honda|spotify|verizon|comcast|starbucks|walmart|ebay|uber|pepsi|mcdonald'?s)\\b");
    private static final Pattern HANDLE = Pattern.compile("@user\\b");

    private Workload() {}

    /** The brand names of a run: {@code bench-<run>-a} to {@code -e}, the first with the most volume. */
    static List<String> brands(String runId) {
        List<String> brands = new ArrayList<>();
        for (int i = 0; i < BRANDS; i++) {
            brands.add("bench-" + runId + "-" + (char) ('a' + i));
        }
        return brands;
    }

    /** {@code count} items of {@code mix} for {@code brands} (see {@link #brands}). */
    static List<Item> generate(Mix mix, List<String> brands, String runId, int count, long seed, Texts texts) {
        Random random = new Random(seed);
        List<Item> items = new ArrayList<>(count);
        List<Item> originals = new ArrayList<>();
        Instant base = Instant.now();
        int spikeFrom = count / 4;
        int spikeTo = count * 3 / 4;
        int weightSum = 0;
        for (int w : BRAND_WEIGHTS) {
            weightSum += w;
        }
        for (int i = 0; i < count; i++) {
            if (!originals.isEmpty() && random.nextInt(100) < 3) {
                Item earlier = originals.get(random.nextInt(originals.size()));
                items.add(new Item(earlier.brand(), earlier.source(), earlier.externalId(), earlier.json(), true,
                        earlier.kind()));
                continue;
            }
            String source = SOURCES[random.nextInt(SOURCES.length)];
            String externalId = runId + "-" + i;
            boolean spike = mix == Mix.CRISIS && i >= spikeFrom && i < spikeTo && random.nextInt(3) < 2;
            String brand;
            String lang = "en";
            String text;
            Kind kind;
            int author;
            long followers;
            if (spike) {
                brand = brands.get(0);
                kind = Kind.SPIKE;
                if (random.nextInt(100) < 40) {
                    text = String.format(CAMPAIGN[random.nextInt(CAMPAIGN.length)], "@" + brand) + " "
                            + "!".repeat(1 + random.nextInt(3));
                } else {
                    text = brandIn(pick(texts.negative(), random), brand, random);
                }
                author = 100_000 + random.nextInt(5_000); // many fresh accounts
                followers = random.nextInt(100) < 5 ? 20_000 + random.nextInt(400_000) : random.nextInt(50);
            } else {
                brand = brands.get(weighted(random, weightSum));
                int p = random.nextInt(1000);
                if (p < 10) {
                    kind = Kind.DISTRESS;
                    text = "@" + brand + " " + DISTRESS[random.nextInt(DISTRESS.length)];
                } else if (p < 50) {
                    kind = Kind.OTHER_LANGUAGE;
                    String[] parts = OTHER_LANGUAGES[random.nextInt(OTHER_LANGUAGES.length)].split("\\|", 2);
                    lang = parts[0];
                    text = "@" + brand + " " + parts[1];
                } else if (p < 50 + texts.negativePercent() * 10) {
                    kind = Kind.NEGATIVE;
                    text = post(texts.negative(), source, brand, random);
                } else if (p < 350 + texts.negativePercent() * 10) {
                    kind = Kind.POSITIVE;
                    text = post(texts.positive(), source, brand, random);
                } else {
                    kind = Kind.NEUTRAL;
                    text = post(texts.neutral(), source, brand, random);
                }
                if (random.nextInt(100) < 5) {
                    String[] emoji = kind == Kind.NEGATIVE ? EMOJI_NEGATIVE : EMOJI_OTHER;
                    text = text + emoji[random.nextInt(emoji.length)];
                }
                author = (int) Math.floor(Math.pow(random.nextDouble(), 2) * 5_000); // a few loud authors
                // Log-normal reach: median about 90 followers, about 1% above 10,000.
                followers = Math.min(5_000_000L, Math.round(Math.exp(4.5 + 2.0 * random.nextGaussian())));
            }
            String json = "{\"source\":\"" + source + "\",\"externalId\":\"" + externalId + "\",\"url\":\"https://"
                    + source + ".example/p/" + externalId + "\",\"brand\":\"" + brand + "\",\"author\":{\"id\":\"a"
                    + author + "\",\"handle\":\"@user" + author + "\",\"displayName\":\"User " + author
                    + "\",\"followers\":" + followers + ",\"verified\":" + (followers > 100_000) + "},\"text\":"
                    + quote(text) + ",\"lang\":\"" + lang + "\",\"createdAt\":\"" + base.plusMillis(i) + "\"}";
            Item item = new Item(brand, source, externalId, json, false, kind);
            items.add(item);
            originals.add(item);
        }
        return items;
    }

    /** Share of each kind among the items that are not re-sends. */
    static Map<Kind, Long> kinds(List<Item> items) {
        Map<Kind, Long> out = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            out.put(k, 0L);
        }
        items.stream().filter(i -> !i.resend()).forEach(i -> out.merge(i.kind(), 1L, Long::sum));
        return out;
    }

    /**
     * One post with the brand in it; on reddit, hackernews and rss one in three is longer (two or three posts of the
     * same label, as a thread or an article would be); templates get the long tail instead.
     */
    private static String post(List<String> pool, String source, String brand, Random random) {
        String text = brandIn(pick(pool, random), brand, random);
        boolean longForm = !source.equals("mastodon") && !source.equals("bluesky") && random.nextInt(3) == 0;
        if (longForm) {
            if (pool.size() > 20) {
                int more = 1 + random.nextInt(2);
                StringBuilder sb = new StringBuilder(text);
                for (int k = 0; k < more; k++) {
                    sb.append(' ').append(HANDLE.matcher(pick(pool, random)).replaceAll("someone"));
                }
                text = sb.toString();
            } else {
                text = text + LONG_TAIL;
            }
        }
        return text;
    }

    /**
     * {@code text} about {@code brand}: the companies it names become the brand; else its first {@code @user} handle
     * does; else the post is addressed to the brand's handle.
     */
    static String brandIn(String text, String brand, Random random) {
        Matcher m = COMPANY.matcher(text);
        if (m.find()) {
            return m.replaceAll(Matcher.quoteReplacement(brand));
        }
        Matcher h = HANDLE.matcher(text);
        if (h.find()) {
            return h.replaceFirst(Matcher.quoteReplacement("@" + brand));
        }
        return random.nextBoolean() ? "@" + brand + " " + text : text + " @" + brand;
    }

    private static String pick(List<String> pool, Random random) {
        return pool.get(random.nextInt(pool.size()));
    }

    private static int weighted(Random random, int weightSum) {
        int r = random.nextInt(weightSum);
        for (int i = 0; i < BRAND_WEIGHTS.length; i++) {
            r -= BRAND_WEIGHTS[i];
            if (r < 0) {
                return i;
            }
        }
        return 0;
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
