package io.cairn.server.consul;

import io.cairn.core.model.Instance;
import java.util.function.Function;

/**
 * A Consul check id resolved to an instance and the position of one of its checks:
 * {@code service:<id>} names the only check of instance {@code id}, {@code service:<id>:<n>} its
 * n-th (from 1) of several. Instance ids may contain {@code :} themselves, so the whole rest is
 * tried as an id first.
 *
 * @param position from 0
 */
record CheckRef(Instance instance, int position) {

    /** Null when no instance has such a check. */
    static CheckRef resolve(String checkId, Function<String, Instance> byId) {
        if (!checkId.startsWith("service:")) {
            return null;
        }
        String rest = checkId.substring("service:".length());
        Instance whole = rest.isEmpty() ? null : byId.apply(rest);
        if (whole != null && whole.liveness().checks().size() == 1) {
            return new CheckRef(whole, 0);
        }
        int colon = rest.lastIndexOf(':');
        if (colon <= 0 || !rest.substring(colon + 1).matches("[1-9][0-9]{0,2}")) {
            return null;
        }
        Instance owner = byId.apply(rest.substring(0, colon));
        int n = Integer.parseInt(rest.substring(colon + 1)) - 1;
        if (owner == null || owner.liveness().checks().size() < 2 || n >= owner.liveness().checks().size()) {
            return null;
        }
        return new CheckRef(owner, n);
    }
}
