package io.earshot.benchmarks.pipeline;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A small hand-written SVG of stacked line charts over run time (no plotting library needed). */
final class SvgPlot {
    /** One chart: a title, a unit, and named series of (x seconds, y) points. */
    record Chart(String title, String unit, Map<String, List<double[]>> series) {}

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
    private static final int WIDTH = 960;
    private static final int HEIGHT = 220;
    private static final int LEFT = 70;
    private static final int RIGHT = 180;
    private static final int TOP = 30;
    private static final int BOTTOM = 30;

    private SvgPlot() {}

    static String render(String heading, List<Chart> charts) {
        StringBuilder svg = new StringBuilder();
        int total = 40 + charts.size() * (HEIGHT + 20);
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
                WIDTH, total));
        svg.append("<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">").append(escape(heading)).append(
                "</text>\n");
        int y0 = 40;
        for (Chart chart : charts) {
            chart(svg, chart, y0);
            y0 += HEIGHT + 20;
        }
        return svg.append("</svg>\n").toString();
    }

    private static void chart(StringBuilder svg, Chart chart, int y0) {
        double maxX = 1;
        double maxY = 1e-9;
        for (List<double[]> points : chart.series().values()) {
            for (double[] p : points) {
                maxX = Math.max(maxX, p[0]);
                maxY = Math.max(maxY, p[1]);
            }
        }
        maxY *= 1.1;
        int w = WIDTH - LEFT - RIGHT;
        int h = HEIGHT - TOP - BOTTOM;
        int top = y0 + TOP;
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s (%s)</text>%n", LEFT,
                y0 + 18, escape(chart.title()), escape(chart.unit())));
        svg.append(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
                LEFT, top, w, h));
        for (int i = 0; i <= 4; i++) {
            double v = maxY * i / 4;
            int y = top + h - (int) Math.round(h * i / 4.0);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", LEFT, y, LEFT + w, y, LEFT - 5, y + 4,
                    number(v)));
            double t = maxX * i / 4;
            int x = LEFT + (int) Math.round(w * i / 4.0);
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%ss</text>%n", x,
                    top + h + 16, number(t)));
        }
        int k = 0;
        for (Map.Entry<String, List<double[]>> s : chart.series().entrySet()) {
            String colour = COLOURS[k % COLOURS.length];
            StringBuilder pts = new StringBuilder();
            for (double[] p : s.getValue()) {
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + w * p[0] / maxX, top + h - h * p[1] / maxY));
            }
            svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.5\" points=\"")
                    .append(pts.toString().strip()).append("\"/>\n");
            int ly = top + 12 + 16 * k;
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>"
                            + "<text x=\"%d\" y=\"%d\">%s</text>%n", LEFT + w + 10, ly - 4, LEFT + w + 30, ly - 4,
                    colour,
                    LEFT + w + 35, ly, escape(s.getKey())));
            k++;
        }
    }

    static String number(double v) {
        if (v >= 10_000) {
            return String.format(Locale.ROOT, "%.0fk", v / 1000);
        }
        return v >= 100 || v == Math.rint(v)
                ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
