package io.cairn.server.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * Access control of a node (docs/security.md, "Access control").
 *
 * @param enabled true when every request needs a token with the right for it
 * @param insecure the operator accepts ACLs off on a non-loopback bind address
 * @param initialTokenFile a file holding the initial management token's secret, or null: the
 *     node that bootstraps the cluster's ACLs then makes one and prints it once
 * @param nodeTokenFile the secret this node presents on its own requests to other members, or
 *     null for the initial token file's secret
 * @param dnsPolicy the policy whose rights anonymous DNS lookups get (none when it does not exist)
 */
public record AclSettings(boolean enabled, boolean insecure, Path initialTokenFile, Path nodeTokenFile,
        String dnsPolicy) {

    /** ACLs off, as on a loopback-only node by default. */
    public static AclSettings off() {
        return new AclSettings(false, false, null, null, "dns");
    }

    /**
     * Refuses a configuration that would serve other machines without access control.
     *
     * @throws IllegalArgumentException saying why and what to do
     */
    public void checkBind(String bind) {
        if (enabled || insecure || isLoopback(bind)) {
            return;
        }
        throw new IllegalArgumentException("acl is off and bind " + bind + " is not a loopback address: anyone"
                + " who reaches the port could rewrite the registry. Turn ACLs on (--acl on, see docs/security.md)"
                + " or, on a trusted network only, accept the risk with --insecure");
    }

    /** True for an address that only this machine can reach (127.0.0.0/8, ::1, localhost). */
    static boolean isLoopback(String bind) {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The file with the secret this node presents to other members, or null. */
    public Path nodeTokenSource() {
        return nodeTokenFile != null ? nodeTokenFile : initialTokenFile;
    }
}
