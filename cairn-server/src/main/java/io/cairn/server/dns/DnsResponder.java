package io.cairn.server.dns;

import io.cairn.core.model.Health;
import io.cairn.core.model.Instance;
import io.cairn.core.model.ServiceKey;
import io.cairn.server.config.DnsSettings;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns a query's bytes into the answer's bytes (docs/consul.md, "DNS"). dnsjava reads and
 * writes the wire format (names, compression, EDNS, truncation); this class decides what the
 * answer says:
 *
 * <ul>
 *   <li>A service name: A (IPv4) and AAAA (IPv6) records of its answerable instances, one per
 *       distinct address; SRV records (priority 1, the instance's weight, its port, target
 *       {@code HEX.addr.consul.} with its A/AAAA record in the additional section, or the
 *       instance's host name, which gets no additional record); ANY gets the addresses.
 *       Instances are shuffled per query. Answerable: not critical (and passing when
 *       {@code dns-only-passing}), with the tag asked for, if any. Instances whose address is a
 *       host name are left out of A/AAAA answers (several CNAMEs for one name are not valid DNS).
 *   <li>No answerable instance, or an unknown name under {@code consul.}: NXDOMAIN with the SOA in
 *       the authority section; an answerable name without records of the type asked: NOERROR, no
 *       answer, the SOA (NODATA).
 *   <li>Names outside {@code consul.} and classes other than IN: REFUSED (no recursion); opcodes
 *       other than QUERY: NOTIMP; not exactly one question, or bytes that do not parse: FORMERR;
 *       a failure to get the instances: SERVFAIL. A packet shorter than a header, or with the
 *       response bit set, gets no answer (answering responses invites loops).
 *   <li>Size: over UDP 512 bytes, or the EDNS payload size the query offers (at most
 *       {@value #MAX_UDP_PAYLOAD}); over TCP 65535. An answer that does not fit carries as many
 *       (shuffled) instances as fit, with the TC bit set, so a resolver retries over TCP and a
 *       client that ignores TC still gets working addresses.
 * </ul>
 *
 * Thread-safe and stateless but for its settings: any event loop may call it.
 */
final class DnsResponder {

    private static final Logger LOG = LoggerFactory.getLogger(DnsResponder.class);

    /** The largest UDP answer offered by EDNS (and the payload size we announce). */
    static final int MAX_UDP_PAYLOAD = 4096;
    static final int PLAIN_UDP_LIMIT = 512;
    static final int TCP_LIMIT = 65_535;
    private static final Name NAME_SERVER = Name.fromConstantString("ns.consul.");
    private static final Name HOSTMASTER = Name.fromConstantString("hostmaster.consul.");

    private final InstanceSource source;
    private final long ttl;
    private final boolean onlyPassing;
    private final SOARecord soa;
    private final java.util.concurrent.atomic.LongAdder failures = new java.util.concurrent.atomic.LongAdder();

    DnsResponder(InstanceSource source, DnsSettings settings) {
        this.source = source;
        this.ttl = settings.ttl().getSeconds();
        this.onlyPassing = settings.onlyPassing();
        // Refresh, retry and expire as Consul's SOA; the minimum is the negative-caching TTL.
        this.soa = new SOARecord(ConsulName.DOMAIN, DClass.IN, ttl, NAME_SERVER, HOSTMASTER, 1, 3600, 600, 86_400, ttl);
    }

    /** Queries answered SERVFAIL because the instances could not be had. */
    long failures() {
        return failures.sum();
    }

    /**
     * The answer to one query, or null for none.
     *
     * @param packet the query as received (one UDP datagram, or one TCP message without its length)
     * @param udp whether it came over UDP, which bounds the answer's size
     */
    CompletableFuture<byte[]> respond(byte[] packet, boolean udp) {
        Message query;
        try {
            query = new Message(packet);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.completedFuture(malformed(packet));
        }
        Header header = query.getHeader();
        if (header.getFlag(Flags.QR)) {
            return CompletableFuture.completedFuture(null);
        }
        OPTRecord opt = query.getOPT();
        int limit = !udp ? TCP_LIMIT
                : opt == null ? PLAIN_UDP_LIMIT : Math.max(PLAIN_UDP_LIMIT, Math.min(MAX_UDP_PAYLOAD, opt.getPayloadSize()));
        DnsAnswer answer = new DnsAnswer(query, opt != null);
        try {
            return answer(query, answer, limit).exceptionally(e -> failed(query, answer, limit, e));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failed(query, answer, limit, e));
        }
    }

    /**
     * REFUSED for a query from a client over its rate (docs/security.md, "Limits"), without looking
     * at the catalog: the query's id, opcode and question echoed, and an OPT record when it had
     * one. Never larger than the query, so a forged sender gains nothing by sending to us; null
     * (no answer) for what {@link #respond} would not answer either, and for bytes that do not parse.
     */
    byte[] refuse(byte[] packet, boolean udp) {
        Message query;
        try {
            query = new Message(packet);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (query.getHeader().getFlag(Flags.QR)) {
            return null;
        }
        OPTRecord opt = query.getOPT();
        return new DnsAnswer(query, opt != null).rcode(Rcode.REFUSED).toWire(udp ? PLAIN_UDP_LIMIT : TCP_LIMIT);
    }

    /**
     * SERVFAIL for a query whose answer failed for a reason nobody expected (a bug): the client
     * hears of it and may retry, the operator sees it in the log, the server goes on.
     */
    private byte[] failed(Message query, DnsAnswer answer, int limit, Throwable e) {
        failures.increment();
        LOG.warn("event=dns-answer-failed question={}", query.getQuestion(), e);
        return answer.servfail().toWire(limit);
    }

    private CompletableFuture<byte[]> answer(Message query, DnsAnswer answer, int limit) {
        Header header = query.getHeader();
        if (header.getOpcode() != Opcode.QUERY) {
            return done(answer.rcode(Rcode.NOTIMP), limit);
        }
        List<Record> questions = query.getSection(Section.QUESTION);
        if (questions.size() != 1) {
            return done(answer.rcode(Rcode.FORMERR), limit);
        }
        Record question = questions.get(0);
        ConsulName name = ConsulName.parse(question.getName());
        if (name.kind() == ConsulName.Kind.FOREIGN || (question.getDClass() != DClass.IN
                && question.getDClass() != DClass.ANY)) {
            return done(answer.rcode(Rcode.REFUSED), limit);
        }
        answer.authoritative();
        int type = question.getType();
        switch (name.kind()) {
            case APEX:
                if (type == Type.SOA || type == Type.ANY) {
                    answer.message.addRecord(soa, Section.ANSWER);
                    return done(answer, limit);
                }
                return done(answer.noData(soa), limit);
            case ADDRESS:
                Record address = addressRecord(question.getName(), name.address(), type);
                if (address == null) {
                    return done(answer.noData(soa), limit);
                }
                answer.message.addRecord(address, Section.ANSWER);
                return done(answer, limit);
            case SERVICE:
                return service(answer, question, name, limit);
            default:
                return done(answer.nameError(soa), limit);
        }
    }

    private CompletableFuture<byte[]> service(DnsAnswer answer, Record question, ConsulName name, int limit) {
        ServiceKey asked = new ServiceKey(name.namespace(), name.service());
        return answerable(asked, name.tag()).thenCompose(found -> {
            String lower = name.service().toLowerCase(java.util.Locale.ROOT);
            // DNS names are case-insensitive, service names are not: a name a resolver sent in
            // another case (or with 0x20 randomization) is tried in lower case too.
            if (found.isEmpty() && !lower.equals(name.service())) {
                return answerable(new ServiceKey(name.namespace(), lower), name.tag());
            }
            return CompletableFuture.completedFuture(found);
        }).handle((instances, error) -> {
            if (error != null) {
                // Expected: no replica here and the leader unknown or silent. A resolver retries.
                failures.increment();
                LOG.debug("event=dns-servfail name={} error={}", question.getName(), error.toString());
                return answer.servfail().toWire(limit);
            }
            if (instances.isEmpty()) {
                return answer.nameError(soa).toWire(limit);
            }
            shuffle(instances);
            return fit(answer, question, instances, limit);
        });
    }

    /** The answerable instances of a service (a copy the caller may shuffle). */
    private CompletableFuture<List<Instance>> answerable(ServiceKey key, String tag) {
        return source.instances(key).thenApply(all -> {
            List<Instance> out = new ArrayList<>(all.size());
            for (Instance i : all) {
                if (i.health() == Health.CRITICAL || (onlyPassing && i.health() != Health.PASSING)) {
                    continue;
                }
                if (tag == null || hasTag(i, tag)) {
                    out.add(i);
                }
            }
            return out;
        });
    }

    private static boolean hasTag(Instance instance, String tag) {
        for (String t : instance.tags()) {
            if (t.equalsIgnoreCase(tag)) {
                return true;
            }
        }
        return false;
    }

    private static void shuffle(List<Instance> instances) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = instances.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            instances.set(i, instances.set(j, instances.get(i)));
        }
    }

    /**
     * The answer with every instance when it fits in {@code limit}; else with the most instances
     * that dnsjava renders whole within it (a binary search over the count, each try a full
     * encoding) and the TC bit. "Whole" is dnsjava's verdict, not a byte count of ours: it keeps
     * a little room for an OPT record, and drops a whole RRset that does not fit.
     */
    private byte[] fit(DnsAnswer answer, Record question, List<Instance> instances, int limit) {
        Message whole = records(answer, question, instances, instances.size());
        byte[] wire = whole.toWire(limit);
        if (complete(whole, wire)) {
            return wire;
        }
        int lo = 0;
        int hi = instances.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            Message attempt = records(answer.copy(), question, instances, mid);
            if (complete(attempt, attempt.toWire(limit))) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        Message part = records(answer.copy(), question, instances, lo);
        part.getHeader().setFlag(Flags.TC);
        return part.toWire(limit);
    }

    /** Whether dnsjava wrote every record: no TC bit, and the additional section whole. */
    private static boolean complete(Message message, byte[] wire) {
        if (wire.length < Header.LENGTH || (wire[2] & 0x02) != 0) {
            return false;
        }
        int additional = (wire[10] & 0xff) << 8 | (wire[11] & 0xff);
        return additional == message.getHeader().getCount(Section.ADDITIONAL);
    }

    /** Adds the records of the first {@code count} instances for the question's type. */
    private Message records(DnsAnswer answer, Record question, List<Instance> instances, int count) {
        Message m = answer.message;
        Name owner = question.getName();
        int type = question.getType();
        Set<InetAddress> seen = new HashSet<>();
        List<Record> additional = new ArrayList<>();
        int answers = 0;
        for (int n = 0; n < count; n++) {
            Instance i = instances.get(n);
            InetAddress ip = literal(i.address());
            if (type == Type.SRV) {
                Name target = ip != null ? ConsulName.addressName(ip) : hostName(i.address());
                if (target == null) {
                    continue;
                }
                m.addRecord(new SRVRecord(owner, DClass.IN, ttl, 1, Math.min(i.weight(), 65_535), i.port(), target),
                        Section.ANSWER);
                answers++;
                if (ip != null && seen.add(ip)) {
                    additional.add(addressRecord(target, ip, Type.ANY));
                }
            } else if (ip != null && seen.add(ip)) {
                Record r = addressRecord(owner, ip, type);
                if (r != null) {
                    m.addRecord(r, Section.ANSWER);
                    answers++;
                }
            }
        }
        for (Record r : additional) {
            m.addRecord(r, Section.ADDITIONAL);
        }
        if (answers == 0) {
            answer.noData(soa);
        }
        return m;
    }

    /** The A or AAAA record of an address when the type asks for its family (ANY asks for both), else null. */
    private Record addressRecord(Name owner, InetAddress ip, int type) {
        boolean v4 = ip instanceof Inet4Address;
        if (v4 && (type == Type.A || type == Type.ANY)) {
            return new ARecord(owner, DClass.IN, ttl, ip);
        }
        if (!v4 && (type == Type.AAAA || type == Type.ANY)) {
            return new AAAARecord(owner, DClass.IN, ttl, ip);
        }
        return null;
    }

    /** The address when the instance's address is an IP literal; null for a host name. No lookup. */
    private static InetAddress literal(String address) {
        byte[] bytes = Address.toByteArray(address, address.indexOf(':') >= 0 ? Address.IPv6 : Address.IPv4);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    private static Name hostName(String host) {
        try {
            return Name.fromString(host, Name.root);
        } catch (IOException e) {
            return null; // the catalog validated it as a host name; a name dnsjava refuses is skipped
        }
    }

    /** FORMERR echoing the id when the header can be read; nothing when it cannot. */
    private static byte[] malformed(byte[] packet) {
        if (packet.length < Header.LENGTH) {
            return null;
        }
        Header header;
        try {
            header = new Header(packet);
        } catch (IOException e) {
            return null;
        }
        if (header.getFlag(Flags.QR)) {
            return null;
        }
        Message m = new Message(header.getID());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setOpcode(header.getOpcode());
        m.getHeader().setRcode(Rcode.FORMERR);
        return m.toWire();
    }

    private static CompletableFuture<byte[]> done(DnsAnswer answer, int limit) {
        return CompletableFuture.completedFuture(answer.toWire(limit));
    }
}
