package io.cairn.server.http;

import java.util.Locale;

/**
 * A Content-Type header's media type (lower case, parameters aside: "application/jsonx" is not
 * JSON) and its charset parameter, unquoted, or null when none is given.
 */
record MediaType(String type, String charset) {

    static MediaType parse(String header) {
        String[] parts = header.split(";");
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        String charset = null;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase("charset")) {
                charset = p.substring(eq + 1).trim();
                if (charset.length() >= 2 && charset.startsWith("\"") && charset.endsWith("\"")) {
                    charset = charset.substring(1, charset.length() - 1);
                }
            }
        }
        return new MediaType(type, charset);
    }
}
