package io.earshot.escalation.conversations;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code earshot.handoff.*}: when a live conversation goes to a human, and where. The threshold is the trajectory
 * score ({@link TrajectoryAssessor}) at which the bot steps aside; {@code thresholds} overrides it per brand, channel
 * or both ({@code acme/voice=0.8,acme=0.9,* /whatsapp=1.2}, most specific first).
 */
@ConfigMapping(prefix = "earshot.handoff")
public interface HandoffSettings {
    /** The default trajectory score at which a conversation is handed to a human. */
    @WithDefault("1.0")
    double threshold();

    /** Overrides: {@code brand/channel=x}, {@code brand=x} or {@code * /channel=x} (no space), comma-separated. */
    Optional<List<String>> thresholds();

    /** The queue hand-off cases open in (distress goes to the distress queue whatever this says). */
    @WithDefault("care")
    String queue();

    /** The priority band of a hand-off case (distress: P1). */
    @WithDefault("P2")
    String band();

    /** The threshold for a conversation of {@code brand} on {@code channel}: brand/channel, then brand, then * /channel. */
    default double thresholdFor(String brand, String channel) {
        List<String> overrides = thresholds().orElse(List.of());
        String b = brand == null ? "" : brand.toLowerCase(Locale.ROOT);
        String c = channel == null ? "" : channel.toLowerCase(Locale.ROOT);
        for (String key : List.of(b + "/" + c, b, "*/" + c)) {
            for (String o : overrides) {
                int eq = o.indexOf('=');
                if (eq > 0 && o.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals(key)) {
                    return Double.parseDouble(o.substring(eq + 1).trim());
                }
            }
        }
        return threshold();
    }
}
