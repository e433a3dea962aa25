package io.earshot.map.maps;

import io.earshot.contracts.events.Zone;
import io.earshot.map.maps.MapViews.EvidenceView;
import io.earshot.map.maps.MapViews.ItemView;
import io.earshot.map.maps.MapViews.MapView;
import java.util.List;

/**
 * Renders a map as Markdown: the goal, then each zone with its items, evidence counts, trends, provenance (inferred
 * or observed, who validated it when) and sample quotes (observed).
 */
public final class MarkdownExport {
    private MarkdownExport() {}

    public static String render(MapView map) {
        StringBuilder md = new StringBuilder();
        md.append("# Empathy map: ").append(escape(map.persona())).append(" (").append(escape(map.brand())).append(
                ")\n\n");
        if (map.version() != null) {
            md.append("Version ").append(map.version()).append(", taken ").append(map.takenAt()).append("\n\n");
        } else if (map.generatedAt() != null) {
            md.append("Generated ").append(map.generatedAt()).append("\n\n");
        }
        md.append("## Goal\n\n");
        md.append("- **Who:** ").append(map.goal() == null || map.goal().who() == null
                ? "_not set_"
                : escape(map.goal().who())).append('\n');
        md.append("- **Needs to do:** ").append(map.goal() == null || map.goal().needs() == null
                ? "_not set_"
                : escape(map.goal().needs())).append("\n\n");
        for (Zone zone : Zone.values()) {
            md.append("## ").append(zone).append("\n\n");
            List<ItemView> items = map.zones().getOrDefault(zone, List.of());
            if (items.isEmpty()) {
                md.append("_No validated insights yet._\n\n");
                continue;
            }
            for (ItemView item : items) {
                md.append("- **").append(escape(item.text())).append("** (theme: ").append(escape(item.theme()))
                        .append("; evidence: ").append(item.evidenceCount())
                        .append("; trend: ").append(item.trend() == null ? "STEADY" : item.trend())
                        .append(provenance(item.provenance())).append(")\n");
                List<EvidenceView> quotes = item.samples() == null ? List.of() : item.samples();
                for (EvidenceView q : quotes) {
                    md.append("  > ").append(escape(q.quote())).append('\n');
                }
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** "; inferred, validated by X at T" (statement synthesized from a cluster) or "; observed" (a post's words). */
    static String provenance(MapViews.Provenance p) {
        if (p == null) {
            return "";
        }
        StringBuilder b = new StringBuilder("; ").append(p.statementKind());
        if (p.validatedBy() != null) {
            b.append(", validated by ").append(escape(p.validatedBy()));
            if (p.validatedAt() != null) {
                b.append(" at ").append(p.validatedAt());
            }
        }
        return b.toString();
    }

    /** Quotes are customer text: keep them from being read as Markdown structure or HTML. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("`", "\\`")
                .replace("<", "&lt;").replace(">", "&gt;").replace("[", "\\[").replace("]", "\\]")
                .replace("#", "\\#").replace("\r", " ").replace("\n", " ");
    }
}
