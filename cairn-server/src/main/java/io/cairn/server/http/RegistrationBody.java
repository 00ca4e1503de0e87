package io.cairn.server.http;

import io.cairn.api.CheckDefinition;
import io.cairn.api.InstanceRequest;
import io.cairn.core.model.Check;
import io.cairn.core.model.Durations;
import io.cairn.core.model.CheckType;
import io.cairn.core.model.Health;
import io.cairn.core.model.HostAddress;
import io.cairn.core.model.Instance;
import io.cairn.core.model.InstanceRules;
import io.cairn.core.model.InvalidFieldException;
import io.cairn.core.model.Limits;
import io.cairn.core.model.Liveness;
import io.cairn.core.model.Printable;
import io.cairn.core.model.ServiceKey;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a registration body into a validated {@link Instance}: defaults applied, durations
 * parsed, check targets resolved (a {@code path} against the instance's address and port) and
 * every field checked, so that nothing invalid is ever proposed.
 */
public final class RegistrationBody {

    private RegistrationBody() {
    }

    /**
     * The validated instance a registration describes.
     *
     * @throws InvalidFieldException naming the (native) field and the rule it breaks
     */
    public static Instance instance(InstanceRequest req, ServiceKey key, String id) {
        // Instance's constructor rejects nulls with NullPointerException (a 500), so everything
        // that JSON can make null is checked before one is built.
        if (req.port() == null) {
            throw new InvalidFieldException("port", "is required");
        }
        if (req.address() == null) {
            throw new InvalidFieldException("address", "is required");
        }
        if (req.tags() != null) {
            for (int i = 0; i < req.tags().size(); i++) {
                if (req.tags().get(i) == null) {
                    throw new InvalidFieldException("tags[" + i + "]", "must be a string");
                }
            }
        }
        // The address is checked before checks resolve against it.
        InstanceRules.address(req.address());
        InstanceRules.port(req.port());
        Liveness liveness = liveness(req);
        Instance instance = new Instance(key, id, req.address(), req.port(), req.tags(), req.meta(),
                req.weight() == null ? Instance.DEFAULT_WEIGHT : req.weight(), liveness, Health.PASSING);
        return InstanceRules.validate(instance);
    }

    private static Liveness liveness(InstanceRequest req) {
        boolean ephemeral = Boolean.TRUE.equals(req.ephemeral());
        long ttl = 0;
        if (req.ttl() != null) {
            if (!ephemeral) {
                throw new InvalidFieldException("ttl", "applies only to ephemeral instances (set \"ephemeral\": true)");
            }
            ttl = millis("ttl", req.ttl());
        } else if (ephemeral) {
            ttl = Limits.TTL_DEFAULT_MILLIS;
        }
        long deregisterAfter = req.deregisterAfter() == null ? 0 : millis("deregisterAfter", req.deregisterAfter());
        if (req.deregisterAfter() != null && deregisterAfter == 0) {
            throw new InvalidFieldException("deregisterAfter", "must be between 1s and 7d");
        }
        List<Check> checks = new ArrayList<>();
        if (req.checks() != null) {
            if (req.checks().size() > Limits.CHECKS_MAX) {
                throw new InvalidFieldException("checks", "at most " + Limits.CHECKS_MAX + " checks");
            }
            for (int i = 0; i < req.checks().size(); i++) {
                checks.add(check("checks[" + i + "]", req.checks().get(i), req.address(), req.port()));
            }
        }
        return new Liveness(ephemeral, ttl, deregisterAfter, checks);
    }

    private static Check check(String field, CheckDefinition def, String address, int port) {
        if (def == null) {
            throw new InvalidFieldException(field, "must be an object");
        }
        if (def.type() == null) {
            throw new InvalidFieldException(field + ".type", "is required: http, tcp or ttl");
        }
        long interval = def.interval() == null ? Limits.CHECK_INTERVAL_DEFAULT_MILLIS
                : millis(field + ".interval", def.interval());
        long timeout = def.timeout() == null ? Math.min(Limits.CHECK_TIMEOUT_DEFAULT_MILLIS, interval)
                : millis(field + ".timeout", def.timeout());
        // Exactly as documented: "HTTP" is not accepted, so that one spelling means one thing.
        return switch (def.type()) {
            case "http" -> {
                if (def.target() != null) {
                    throw new InvalidFieldException(field + ".target", "is for tcp checks; an http check takes url or path");
                }
                yield new Check(CheckType.HTTP, url(field, def, address, port), interval, timeout);
            }
            case "tcp" -> {
                if (def.url() != null || def.path() != null) {
                    throw new InvalidFieldException(field + "." + (def.url() != null ? "url" : "path"),
                            "is for http checks; a tcp check takes target");
                }
                yield new Check(CheckType.TCP, def.target() == null ? hostPort(address, port)
                        : target(field + ".target", def.target()), interval, timeout);
            }
            case "ttl" -> {
                if (def.url() != null || def.path() != null || def.target() != null) {
                    throw new InvalidFieldException(field + "." + (def.url() != null ? "url"
                            : def.path() != null ? "path" : "target"),
                            "a ttl check probes nothing: its owner reports it at least once per interval");
                }
                if (def.timeout() != null) {
                    throw new InvalidFieldException(field + ".timeout", "a ttl check has no timeout, only an interval");
                }
                // The timeout is unused; equal to the interval it meets the rule every check meets.
                yield new Check(CheckType.TTL, "", interval, interval);
            }
            default -> throw new InvalidFieldException(field + ".type",
                    "must be http, tcp or ttl (lower case), got " + Printable.quote(def.type()));
        };
    }

    private static String url(String field, CheckDefinition def, String address, int port) {
        if (def.url() != null && def.path() != null) {
            throw new InvalidFieldException(field + ".url", "give url or path, not both");
        }
        if (def.url() == null && def.path() == null) {
            throw new InvalidFieldException(field + ".url", "an http check needs url or path");
        }
        if (def.path() != null) {
            if (!def.path().startsWith("/") || def.path().length() > Limits.CHECK_TARGET_MAX / 2
                    || def.path().chars().anyMatch(c -> Character.isISOControl(c))) {
                throw new InvalidFieldException(field + ".path", "must start with / and be at most "
                        + Limits.CHECK_TARGET_MAX / 2 + " characters without control characters");
            }
            String url = "http://" + hostPort(address, port) + def.path();
            parseUrl(field + ".path", url);
            return url;
        }
        parseUrl(field + ".url", def.url());
        return def.url();
    }

    private static void parseUrl(String field, String text) {
        String rule = "must be an absolute http:// or https:// URL with a host, at most "
                + Limits.CHECK_TARGET_MAX + " characters";
        if (text.length() > Limits.CHECK_TARGET_MAX) {
            throw new InvalidFieldException(field, rule);
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getUserInfo() != null
                    || uri.getFragment() != null) {
                throw new InvalidFieldException(field, rule + ", got " + Printable.quote(text));
            }
        } catch (URISyntaxException e) {
            throw new InvalidFieldException(field, rule + ", got " + Printable.quote(text));
        }
    }

    /** {@code host:port}, the host an IPv4, IPv6 (in brackets) or DNS name, the port 1-65535. */
    private static String target(String field, String text) {
        String rule = "must be host:port (an IPv6 host in brackets), got " + Printable.quote(text);
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new InvalidFieldException(field, rule);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
            if (!host.contains(":")) {
                throw new InvalidFieldException(field, rule);
            }
        } else if (host.contains(":")) {
            throw new InvalidFieldException(field, rule);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new InvalidFieldException(field, rule);
        }
        if (!HostAddress.isValid(host) || port < 1 || port > Limits.PORT_MAX) {
            throw new InvalidFieldException(field, rule);
        }
        return text;
    }

    private static String hostPort(String address, int port) {
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }

    private static long millis(String field, String text) {
        try {
            return Durations.parse(field, text).toMillis();
        } catch (ArithmeticException e) {
            throw new InvalidFieldException(field, "is too long a duration");
        }
    }
}
