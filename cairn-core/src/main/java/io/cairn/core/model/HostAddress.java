package io.cairn.core.model;

/**
 * Syntax of an instance address, checked without any name lookup (the catalog must never block
 * on DNS, and the same input must give the same answer on every replica).
 */
public final class HostAddress {

    private HostAddress() {
    }

    public static boolean isValid(String s) {
        if (s.indexOf(':') >= 0) {
            return isIpv6(s);
        }
        if (isIpv4(s)) {
            return true;
        }
        return isHostName(s);
    }

    /**
     * Dotted-quad IPv4: four decimal parts 0-255, no leading zeros, ASCII digits only. One pass
     * without allocation: every registration checks its address on an HTTP event loop.
     */
    static boolean isIpv4(String s) {
        int parts = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0, n = s.length(); i <= n; i++) {
            char c = i < n ? s.charAt(i) : '.'; // the end closes the last part
            if (c == '.') {
                if (digits == 0 || ++parts > 4) {
                    return false;
                }
                value = 0;
                digits = 0;
            } else if (c < '0' || c > '9' || (digits == 1 && value == 0)) {
                return false; // not an ASCII digit, or a digit after a leading zero
            } else {
                value = value * 10 + (c - '0');
                digits++;
                if (value > 255) {
                    return false;
                }
            }
        }
        return parts == 4;
    }

    /** RFC 4291 text form: up to eight groups, one optional "::", an optional IPv4 tail. */
    static boolean isIpv6(String s) {
        if (s.length() > 45) {
            return false;
        }
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        String head = gap >= 0 ? s.substring(0, gap) : s;
        String tail = gap >= 0 ? s.substring(gap + 2) : "";
        int groups = 0;
        String[][] sides = {head.isEmpty() ? new String[0] : head.split(":", -1),
                tail.isEmpty() ? new String[0] : tail.split(":", -1)};
        for (int side = 0; side < 2; side++) {
            String[] parts = sides[side];
            for (int i = 0; i < parts.length; i++) {
                String p = parts[i];
                boolean lastOfAddress = (side == 1 || gap < 0) && i == parts.length - 1;
                if (lastOfAddress && p.indexOf('.') >= 0) {
                    if (!isIpv4(p)) {
                        return false;
                    }
                    groups += 2;
                } else if (isHexGroup(p)) {
                    groups++;
                } else {
                    return false;
                }
            }
        }
        return gap >= 0 ? groups <= 7 : groups == 8;
    }

    private static boolean isHexGroup(String p) {
        if (p.isEmpty() || p.length() > 4) {
            return false;
        }
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    /** RFC 1123 host name; the last label may not be all digits (that would be a bad IPv4). */
    static boolean isHostName(String s) {
        if (s.isEmpty() || s.length() > Limits.HOSTNAME_MAX) {
            return false;
        }
        String[] labels = s.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63
                    || label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!(InstanceRules.isAlnum(c) || c == '-')) {
                    return false;
                }
            }
        }
        String last = labels[labels.length - 1];
        return !last.chars().allMatch(Character::isDigit);
    }
}
