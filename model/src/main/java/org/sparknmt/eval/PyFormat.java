package org.sparknmt.eval;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's float formatting, which sacreBLEU's printed numbers come from. Java's {@code String.format("%.2f")}
 * rounds half-up, Python rounds the exact binary value half-to-even ({@code f"{78.125:.2f}"} is "78.12"), so the
 * printed digits differ on ties; this class gives Python's digits.
 */
final class PyFormat {
    private PyFormat() {
    }

    /** Python's {@code f"{x:.{digits}f}"}. */
    static String fixed(double x, int digits) {
        if (digits < 0) {
            throw new IllegalArgumentException("digits must be >= 0, got " + digits);
        }
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal(x).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
        boolean negativeZero = x < 0 || (x == 0 && 1 / x < 0);
        return negativeZero && !s.startsWith("-") ? "-" + s : s;
    }

    /**
     * Python's {@code repr(x)} (also what {@code json.dumps} writes for a float): the shortest decimal that reads
     * back as {@code x}; positional for decimal exponents -4..15 (always with a ".0" if integral), else scientific
     * as in "1e-05" or "1.5e+16".
     */
    static String repr(double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        if (x == 0) {
            return 1 / x < 0 ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(x);
        BigDecimal shortest = exact;
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == x) {
                shortest = candidate;
                break;
            }
        }
        shortest = shortest.stripTrailingZeros();
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - shortest.scale(); // decimal exponent of the leading digit
        String sign = x < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = shortest.abs().toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String exp = String.format(java.util.Locale.ROOT, "%02d", Math.abs(exponent));
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
    }
}
