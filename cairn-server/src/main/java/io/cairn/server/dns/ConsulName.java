package io.cairn.server.dns;

import io.cairn.core.model.InstanceRules;
import io.cairn.core.model.InvalidFieldException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import org.xbill.DNS.Name;

/**
 * What a question's name asks for, read the way Consul reads its names (docs/consul.md, "DNS"):
 *
 * <pre>
 * [TAG.]NAME.service[.NS.ns].consul.      instances of NAME (with TAG), in namespace NS (default: default)
 * _NAME._TAG.service[.NS.ns].consul.      the same, RFC 2782 style; _tcp as the tag means any tag
 * HEX.addr.consul.                        the address written in hex (8 digits IPv4, 32 IPv6): SRV targets
 * consul.                                 the zone apex (SOA)
 * </pre>
 *
 * The keywords ({@code service}, {@code ns}, {@code addr}, {@code consul}) and the namespace are
 * matched without regard to case, as DNS names are; the service name keeps the case it was asked
 * in (the responder also tries it in lower case), and tags are compared without regard to case.
 * A service name with a dot cannot be asked for: its labels would read as a tag.
 *
 * @param kind what is asked
 * @param namespace the namespace of a {@link Kind#SERVICE} name
 * @param service the service name of a {@link Kind#SERVICE} name, as asked
 * @param tag the tag a {@link Kind#SERVICE} name asks for, or null for any
 * @param address the address of an {@link Kind#ADDRESS} name
 */
record ConsulName(Kind kind, String namespace, String service, String tag, InetAddress address) {

    /** What a name under {@code consul.} asks for. */
    enum Kind {
        /** Instances of a service. */
        SERVICE,
        /** An address written in hex. */
        ADDRESS,
        /** {@code consul.} itself. */
        APEX,
        /** Under {@code consul.}, but nothing this server knows: NXDOMAIN. */
        UNKNOWN,
        /** Not under {@code consul.}: this server answers for no other zone (REFUSED). */
        FOREIGN
    }

    static final Name DOMAIN = Name.fromConstantString("consul.");
    private static final String DEFAULT_NAMESPACE = "default";
    private static final ConsulName UNKNOWN = new ConsulName(Kind.UNKNOWN, null, null, null, null);
    private static final ConsulName FOREIGN = new ConsulName(Kind.FOREIGN, null, null, null, null);
    private static final ConsulName APEX = new ConsulName(Kind.APEX, null, null, null, null);

    /** Reads an absolute name; never throws (what it cannot read is UNKNOWN or FOREIGN). */
    static ConsulName parse(Name name) {
        if (!name.isAbsolute() || !name.subdomain(DOMAIN)) {
            return FOREIGN;
        }
        // Labels without the root and "consul": [0, end).
        int end = name.labels() - 2;
        if (end == 0) {
            return APEX;
        }
        String last = label(name, end - 1);
        String namespace = DEFAULT_NAMESPACE;
        if (end >= 2 && last.equalsIgnoreCase("ns")) {
            namespace = label(name, end - 2).toLowerCase(Locale.ROOT);
            end -= 2;
            if (end == 0) {
                return UNKNOWN;
            }
            last = label(name, end - 1);
        }
        if (last.equalsIgnoreCase("addr") && end == 2 && DEFAULT_NAMESPACE.equals(namespace)) {
            InetAddress address = hexAddress(label(name, 0));
            return address == null ? UNKNOWN : new ConsulName(Kind.ADDRESS, null, null, null, address);
        }
        if (!last.equalsIgnoreCase("service") || end < 2 || end > 3) {
            return UNKNOWN;
        }
        String service;
        String tag;
        if (end == 2) {
            service = label(name, 0);
            tag = null;
        } else {
            String first = label(name, 0);
            String second = label(name, 1);
            if (first.startsWith("_") && second.startsWith("_")) {
                service = first.substring(1);
                tag = second.substring(1);
                if (tag.equalsIgnoreCase("tcp")) {
                    tag = null;
                }
            } else {
                tag = first;
                service = second;
            }
        }
        try {
            InstanceRules.namespace(namespace);
            InstanceRules.service(service);
        } catch (InvalidFieldException e) {
            return UNKNOWN;
        }
        return new ConsulName(Kind.SERVICE, namespace, service, tag, null);
    }

    private static String label(Name name, int i) {
        return name.getLabelString(i);
    }

    /** 8 hex digits as IPv4, 32 as IPv6, else null. */
    private static InetAddress hexAddress(String hex) {
        if (hex.length() != 8 && hex.length() != 32) {
            return null;
        }
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            int hi = Character.digit(hex.charAt(2 * i), 16);
            int lo = Character.digit(hex.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            bytes[i] = (byte) (hi << 4 | lo);
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    /** The name an address has under {@code addr.consul.}: its bytes in hex. */
    static Name addressName(InetAddress address) {
        byte[] bytes = address.getAddress();
        StringBuilder hex = new StringBuilder(bytes.length * 2 + 13);
        for (byte b : bytes) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return Name.fromConstantString(hex.append(".addr.consul.").toString());
    }
}
