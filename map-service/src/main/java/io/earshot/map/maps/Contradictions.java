package io.earshot.map.maps;

import io.earshot.contracts.events.Zone;
import io.earshot.map.maps.MapViews.ItemView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where what customers say conflicts with what they do. A heuristic, deliberately simple and explainable: a SAYS or
 * THINKS item expressing loyalty or intent to stay ("never switch", "would never leave", "love", "stay", "loyal",
 * "recommend") is paired with every DOES item that is on the same theme, or that is about leaving ("cancel",
 * "switch", "left", "leave", "quit", "churn", "unsubscribe", "moved to", "refund"). Each pair says why it matched.
 */
public final class Contradictions {
    static final Pattern LOYALTY = Pattern.compile(
            "never (switch|leave|change|cancel)|would never|wouldn't (switch|leave)|won't (switch|leave)|\\blove\\b|\\bloving\\b|\\bstay(ing)?\\b|\\bloyal|recommend");
    static final Pattern LEAVING = Pattern.compile(
            "cancel|switch|\\bleft\\b|\\bleav(e|ing)\\b|\\bquit|churn|unsubscrib|moved to|refund|closed (my|their) account");

    private Contradictions() {}

    public record Contradiction(ItemView says, ItemView does, String reason) {}

    public static List<Contradiction> of(List<ItemView> items) {
        List<ItemView> claims = items.stream()
                .filter(i -> (i.zone() == Zone.SAYS || i.zone() == Zone.THINKS) && LOYALTY.matcher(lower(i.text()))
                        .find())
                .toList();
        List<ItemView> actions = items.stream().filter(i -> i.zone() == Zone.DOES).toList();
        List<Contradiction> found = new ArrayList<>();
        for (ItemView claim : claims) {
            for (ItemView action : actions) {
                boolean sameTheme = claim.theme() != null && claim.theme().equalsIgnoreCase(action.theme());
                boolean leaving = LEAVING.matcher(lower(action.text())).find();
                if (sameTheme || leaving) {
                    String reason = claim.zone() + " expresses loyalty or intent to stay while DOES "
                            + (sameTheme ? "shares the theme '" + action.theme() + "'" : "describes leaving");
                    found.add(new Contradiction(claim, action, reason));
                }
            }
        }
        return found;
    }

    private static String lower(String text) {
        return text == null ? "" : text.toLowerCase(Locale.ROOT);
    }
}
