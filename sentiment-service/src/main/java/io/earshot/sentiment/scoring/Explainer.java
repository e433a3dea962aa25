package io.earshot.sentiment.scoring;

import io.earshot.contracts.events.Explanation;
import java.util.ArrayList;
import java.util.List;

/** Collects explanation entries, capped per score so that long texts keep a short explanation. */
final class Explainer {
    static final int MAX_SENTIMENT = 40;
    static final int MAX_PER_SCORE = 12;

    private final ArrayList<Explanation> list = new ArrayList<>(16);
    private final String[] names = new String[12];
    private final int[] counts = new int[12];
    private int scores;

    void add(String score, String cause, double delta) {
        int slot = -1;
        for (int k = 0; k < scores; k++) {
            if (names[k] == score || names[k].equals(score)) {
                slot = k;
                break;
            }
        }
        if (slot < 0) {
            if (scores == names.length) {
                return;
            }
            slot = scores++;
            names[slot] = score;
        }
        int max = "sentiment".equals(score) ? MAX_SENTIMENT : MAX_PER_SCORE;
        if (counts[slot] >= max) {
            return;
        }
        counts[slot]++;
        list.add(new Explanation(score, cause, round3(delta)));
    }

    List<Explanation> list() {
        return list;
    }

    static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
