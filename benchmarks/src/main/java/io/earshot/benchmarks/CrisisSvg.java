package io.earshot.benchmarks;

import java.util.Locale;

/**
 * One series as an SVG: the volume (log scale, the peak of each pixel column), NAB's labelled windows (yellow), the
 * probationary period (grey) and Earshot's crises (red, from OPEN to RESOLVED, a tick at each OPEN).
 */
final class CrisisSvg {
    static final int WIDTH = 1000;
    static final int HEIGHT = 220;
    static final int TOP = 24;
    static final int BOTTOM = 200;

    private CrisisSvg() {}

    static String draw(NabCorpus.Series s, CrisisReplay.Replay r) {
        int rows = s.values().length;
        double max = 1;
        for (double v : s.values()) {
            max = Math.max(max, v);
        }
        double logMax = Math.log10(max + 1);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, HEIGHT, WIDTH,
                HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(rect(0, NabScorer.probation(rows), rows, "#e4e4e4", 1));
        for (NabScorer.Window w : s.windows()) {
            svg.append(rect(w.first(), w.last() + 1, rows, "#ffd84d", 0.6));
        }
        for (CrisisReplay.Episode e : r.episodes()) {
            int end = e.resolvedRow() < 0 ? rows : e.resolvedRow() + 1;
            svg.append(rect(e.openRow(), Math.max(end, e.openRow() + 1), rows, "#d62728", 0.35));
            double x = x(e.openRow(), rows);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#d62728\""
                    + " stroke-width=\"1.5\"/>%n", x, TOP - 6, x, TOP + 4));
        }
        StringBuilder points = new StringBuilder();
        for (int col = 0; col < WIDTH; col++) {
            int from = (int) ((long) col * rows / WIDTH);
            int to = Math.max(from + 1, (int) ((long) (col + 1) * rows / WIDTH));
            double peak = 0;
            for (int i = from; i < Math.min(to, rows); i++) {
                peak = Math.max(peak, s.values()[i]);
            }
            double y = BOTTOM - (BOTTOM - TOP) * Math.log10(peak + 1) / logMax;
            points.append(String.format(Locale.ROOT, "%d,%.1f ", col, y));
        }
        svg.append("<polyline fill=\"none\" stroke=\"#1f4e9c\" stroke-width=\"0.8\" points=\"").append(points.toString()
                .trim())
                .append("\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"14\">%s: mentions per 5 min (log scale, max %.0f),"
                + " %s to %s; yellow: labelled windows, red: Earshot's crises (%d), grey: probationary period</text>%n",
                s.file().replace(".csv", ""), max, s.timestamps().get(0).toLocalDate(),
                s.timestamps().get(rows - 1).toLocalDate(), r.episodes().size()));
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static double x(int row, int rows) {
        return WIDTH * (double) row / rows;
    }

    private static String rect(int from, int to, int rows, String colour, double opacity) {
        return String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\""
                + " fill-opacity=\"%.2f\"/>%n", x(from, rows), TOP, Math.max(0.8, x(to, rows) - x(from, rows)),
                BOTTOM - TOP, colour, opacity);
    }
}
