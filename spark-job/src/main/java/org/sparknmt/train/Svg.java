package org.sparknmt.train;

import java.util.List;
import java.util.Locale;

/** A minimal line chart as inline SVG (no library, no script): axes with min/max labels and one polyline. */
final class Svg {
    private static final int W = 640;
    private static final int H = 240;
    private static final int PAD = 48;

    private Svg() {
    }

    static String lineChart(List<double[]> points, String xLabel, String yLabel, String color) {
        if (points.isEmpty()) {
            return "<p>(no data yet)</p>";
        }
        double x0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y0 = Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
        for (double[] p : points) {
            x0 = Math.min(x0, p[0]);
            x1 = Math.max(x1, p[0]);
            y0 = Math.min(y0, p[1]);
            y1 = Math.max(y1, p[1]);
        }
        if (x1 == x0) {
            x1 = x0 + 1;
        }
        if (y1 == y0) {
            y1 = y0 + 1;
        }
        StringBuilder poly = new StringBuilder();
        for (double[] p : points) {
            double x = PAD + (p[0] - x0) / (x1 - x0) * (W - 2 * PAD);
            double y = H - PAD - (p[1] - y0) / (y1 - y0) * (H - 2 * PAD);
            poly.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\" stroke=\"#ccc\"/>"
                        + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>"
                        + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>"
                        + "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text><text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%s</text>"
                        + "<text x=\"4\" y=\"%d\" font-size=\"11\">%.3g</text><text x=\"4\" y=\"%d\" font-size=\"11\">%.3g</text>"
                        + "<text x=\"%d\" y=\"%d\" font-size=\"11\">%.0f</text><text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%.0f</text>"
                        + "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%s</svg>",
                W, H, PAD, H - PAD, W - PAD, H - PAD, PAD, PAD, PAD, H - PAD,
                W / 2, H - 8, xLabel, PAD - 4, PAD - 8, yLabel,
                PAD + 4, y1, H - PAD, y0,
                PAD, H - PAD + 14, x0, W - PAD, H - PAD + 14, x1,
                color, poly.toString().trim(), points.size() == 1 ? marker(poly.toString().trim(), color) : "");
    }

    private static String marker(String xy, String color) {
        String[] p = xy.split(",");
        return "<circle cx=\"" + p[0] + "\" cy=\"" + p[1] + "\" r=\"4\" fill=\"" + color + "\"/>";
    }
}
