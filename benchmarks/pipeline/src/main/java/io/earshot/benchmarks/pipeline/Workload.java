package io.earshot.benchmarks.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic (seeded) stream of realistic mentions for one benchmark run: mixed lengths, five sources, a few
 * languages, emoji, about 3% exact re-sends of an earlier post (which the listener must count as duplicates), about
 * 1% distress, and a burst of angry near-identical posts in the middle (a spike for the crisis detector).
 */
final class Workload {
    /** One mention to send: its JSON body and the (source, externalId) it is identified by. */
    record Item(String source, String externalId, String json, boolean resend) {
    }

    private static final String[] SOURCES = { "mastodon", "reddit", "hackernews", "bluesky", "rss" };
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
        "fr|Encore une panne, c'est vraiment inadmissible pour un service payant",
        "de|Die App stürzt ständig ab, der Support antwortet nicht",
    };
    private static final String[] DISTRESS = {
        "there was a gas leak after your technician left and my kids are scared, please send someone",
        "I can't take this anymore, I want to end it all",
        "your driver threatened me and I don't feel safe at my own door",
    };
    private static final String LONG_TAIL = " I have been a customer for six years, recommended you to my whole team, "
            + "and paid every invoice on time, so being treated like this after one problem is really disappointing. "
            + "Please look at ticket 48213 and call me back, I already explained everything twice.";
    private static final String SPIKE = "BREAKING: %s leaked customer passwords, delete your account before it is too late";

    private Workload() {
    }

    /** {@code count} items for {@code brand}, with the spike in the middle tenth of the stream. */
    static List<Item> generate(String brand, String runId, int count, long seed) {
        Random random = new Random(seed);
        List<Item> items = new ArrayList<>(count);
        List<Item> originals = new ArrayList<>();
        Instant base = Instant.now();
        int spikeFrom = count * 45 / 100;
        int spikeTo = count * 55 / 100;
        for (int i = 0; i < count; i++) {
            if (!originals.isEmpty() && random.nextInt(100) < 3) {
                Item earlier = originals.get(random.nextInt(originals.size()));
                items.add(new Item(earlier.source(), earlier.externalId(), earlier.json(), true));
                continue;
            }
            String source = SOURCES[random.nextInt(SOURCES.length)];
            String externalId = runId + "-" + i;
            boolean spike = i >= spikeFrom && i < spikeTo && random.nextInt(100) < 60;
            String lang = "en";
            String text;
            int author;
            int followers;
            if (spike) {
                text = String.format(SPIKE, brand) + " " + (char) ('!' + random.nextInt(3));
                author = 50_000 + random.nextInt(400); // many fresh accounts
                followers = random.nextInt(20);
            } else {
                int pick = random.nextInt(100);
                if (pick < 1) {
                    text = DISTRESS[random.nextInt(DISTRESS.length)];
                } else if (pick < 5) {
                    String[] parts = OTHER_LANGUAGES[random.nextInt(OTHER_LANGUAGES.length)].split("\\|", 2);
                    lang = parts[0];
                    text = parts[1];
                } else if (pick < 40) {
                    text = NEGATIVE[random.nextInt(NEGATIVE.length)];
                } else if (pick < 65) {
                    text = POSITIVE[random.nextInt(POSITIVE.length)];
                } else {
                    text = NEUTRAL[random.nextInt(NEUTRAL.length)];
                }
                if (random.nextInt(100) < 15) {
                    text = text + LONG_TAIL;
                }
                text = "@" + brand + " " + text + " #" + i % 97;
                author = (int) Math.floor(Math.pow(random.nextDouble(), 2) * 5_000); // a few loud authors
                followers = (int) Math.floor(Math.pow(random.nextDouble(), 4) * 200_000);
            }
            String json = "{\"source\":\"" + source + "\",\"externalId\":\"" + externalId + "\",\"url\":\"https://"
                    + source + ".example/p/" + externalId + "\",\"brand\":\"" + brand + "\",\"author\":{\"id\":\"a"
                    + author + "\",\"handle\":\"@user" + author + "\",\"displayName\":\"User " + author
                    + "\",\"followers\":" + followers + ",\"verified\":" + (followers > 150_000) + "},\"text\":"
                    + quote(text) + ",\"lang\":\"" + lang + "\",\"createdAt\":\"" + base.plusMillis(i) + "\"}";
            Item item = new Item(source, externalId, json, false);
            items.add(item);
            originals.add(item);
        }
        return items;
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
