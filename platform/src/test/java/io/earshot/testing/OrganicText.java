package io.earshot.testing;

import java.util.List;
import java.util.Random;

/** Texts of organic (uncoordinated) traffic for crisis tests: nine random support words and a number, none alike. */
public final class OrganicText {
    public static final List<String> WORDS = List.of(
            ("parcel driver refund late support waiting app order broken store "
                    + "account price screen battery courier promised email tracking invoice charged twice weekend phone manager "
                    + "ticket").split(" "));

    private OrganicText() {}

    /** A text no other one resembles (the crisis monitor's near-duplicate check must not group them). */
    public static String of(Random r) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            s.append(WORDS.get(r.nextInt(WORDS.size()))).append(' ');
        }
        return s.append(r.nextInt(1_000_000)).toString();
    }
}
