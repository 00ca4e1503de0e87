package io.cairn.core.acl;

import java.util.Objects;

/**
 * One grant of a policy: {@code access} on the services of {@code namespace} whose name matches
 * {@code service}. A pattern is an exact name, or a prefix followed by {@code *} ({@code payments*}
 * matches {@code payments} and {@code payments-api}); {@code *} alone matches every name. The
 * namespace is an exact namespace or {@code *} for every namespace. (Service names hold no
 * {@code /}, so the issue's {@code payments/*} is written {@code payments*}.)
 */
public record ServiceRule(String namespace, String service, Access access) {

    public ServiceRule {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(access, "access");
        if (namespace.isEmpty() || service.isEmpty()) {
            throw new IllegalArgumentException("a rule needs a namespace and a service pattern");
        }
        if (service.indexOf('*') >= 0 && service.indexOf('*') != service.length() - 1) {
            throw new IllegalArgumentException("service pattern '" + service + "' may hold '*' only at its end");
        }
        if (!namespace.equals("*") && namespace.indexOf('*') >= 0) {
            throw new IllegalArgumentException("namespace '" + namespace + "' is a name or '*', not a pattern");
        }
    }

    /** True when this rule covers the service {@code name} of namespace {@code ns}. */
    public boolean matches(String ns, String name) {
        return matchesNamespace(ns) && (service.endsWith("*")
                ? name.startsWith(service.substring(0, service.length() - 1)) : service.equals(name));
    }

    /** True when this rule covers every service of namespace {@code ns}. */
    public boolean coversNamespace(String ns) {
        return matchesNamespace(ns) && service.equals("*");
    }

    private boolean matchesNamespace(String ns) {
        return namespace.equals("*") || namespace.equals(ns);
    }
}
