package io.cairn.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The registry addresses one client talks to, and which of them it uses now.
 *
 * <p>Every call goes to the {@link #current() current} address; a call that cannot reach it
 * reports it {@link #failed failed}, which moves every later call to the next address in the
 * list. Each client starts at a random position, so that many clients given the same list spread
 * over its addresses instead of all loading the first. Any registry node answers any request (it
 * routes to the partition's owner), so the choice of node affects only latency.
 *
 * <p>Thread safe and lock-free: the position is one atomic counter. A failure reported for an
 * address that is no longer current is ignored, so several calls failing on the same node move
 * the client on by one address, not by as many as failed.
 */
public final class Endpoints {

    /** Copy-on-write: replaced whole by {@link #learn}, read without locks. */
    private volatile List<URI> addresses;
    private final AtomicInteger position;

    /**
     * @param addresses base URLs such as {@code http://10.0.0.1:7470}, at least one; a trailing
     *     slash is ignored
     */
    public Endpoints(List<String> addresses) {
        if (addresses == null || addresses.isEmpty()) {
            throw new IllegalArgumentException("at least one registry address is needed");
        }
        List<URI> uris = new ArrayList<>(addresses.size());
        for (String a : addresses) {
            uris.add(parse(a));
        }
        this.addresses = List.copyOf(uris);
        this.position = new AtomicInteger(uris.size() == 1 ? 0 : ThreadLocalRandom.current().nextInt(uris.size()));
    }

    private static URI parse(String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("a registry address is empty");
        }
        String trimmed = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("registry address '" + address
                    + "' must be an http or https URL with a host, e.g. http://127.0.0.1:7470 (" + e.getMessage() + ")", e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("registry address '" + address
                    + "' must be an http or https URL with a host, e.g. http://127.0.0.1:7470");
        }
        return uri;
    }

    /** The address calls go to now. */
    public URI current() {
        List<URI> now = addresses;
        return now.get(Math.floorMod(position.get(), now.size()));
    }

    /**
     * A call to {@code address} could not reach it: later calls go to the next address. Does
     * nothing if another caller already moved on from it.
     */
    public void failed(URI address) {
        int p = position.get();
        List<URI> now = addresses;
        if (now.get(Math.floorMod(p, now.size())).equals(address)) {
            position.compareAndSet(p, p + 1);
        }
    }

    /**
     * Adds addresses learned from the registry (its members' HTTP addresses) to the ones given,
     * so that the client can move to a node it was never told of when its nodes die. Addresses
     * are only added, never dropped: a node that left simply fails over to the next. Invalid
     * addresses are ignored (they come from the registry, not the application).
     *
     * @return how many were new
     */
    public synchronized int learn(Collection<String> learned) {
        List<URI> next = new ArrayList<>(addresses);
        for (String a : learned) {
            try {
                URI uri = parse(a);
                if (!next.contains(uri)) {
                    next.add(uri);
                }
            } catch (IllegalArgumentException e) {
                // not an address this client can use: skip it
            }
        }
        int added = next.size() - addresses.size();
        if (added > 0) {
            addresses = List.copyOf(next);
        }
        return added;
    }

    /** How many addresses there are: the most a single call tries before it gives up. */
    public int size() {
        return addresses.size();
    }

    public List<URI> all() {
        return addresses;
    }

    @Override
    public String toString() {
        return addresses.toString();
    }
}
