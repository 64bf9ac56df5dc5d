package dev.l4lab.probe.blackbox;

import java.math.BigDecimal;

/**
 * Sample values written the way Prometheus' Go client writes them (strconv 'g', shortest): "1",
 * "0.000366155", "1.4531e-05", "3.668918509e+09", so both exporters' answers read alike.
 */
final class GoFloat {

    private GoFloat() {
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        String digits = d.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - d.scale(); // v = 0.digits * 10^(exponent+1)
        String sign = v < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 6) { // Go: shortest formatting decides with precision 6
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "")
                    + Math.abs(exponent);
        }
        return sign + d.abs().toPlainString();
    }
}
