package io.cairn.cli;

import io.cairn.api.ClusterMember;
import io.cairn.api.ClusterMembers;
import io.cairn.api.time.Ticker;
import io.cairn.api.tls.PemFiles;
import io.cairn.client.CairnClient;
import io.cairn.client.CairnClientException;
import io.cairn.client.RegistryUnreachableException;
import io.cairn.client.Endpoints;
import io.cairn.client.WatchOptions;
import io.cairn.api.time.Ticker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by every command that talks to a running registry. */
final class ClientOptions {

    @Option(names = "--address", paramLabel = "URL",
            defaultValue = "${env:CAIRN_ADDRESS:-" + CairnClient.DEFAULT_ADDRESS + "}",
            description = "Registry HTTP address, or several separated by commas: a node that cannot be reached "
                    + "is skipped for the next (env CAIRN_ADDRESS; default ${DEFAULT-VALUE}).")
    String address;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            defaultValue = "${env:CAIRN_CACHE_DIR:-${sys:user.home}/.cache/cairn}",
            description = "Where the cluster members learned from --address are kept between runs, so that the next "
                    + "command reaches another member when those addresses are down (env CAIRN_CACHE_DIR; default "
                    + "${DEFAULT-VALUE}).")
    Path cacheDir;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Per-request timeout in seconds (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:CAIRN_TOKEN}",
            description = "Token for a registry with ACLs on, sent as Authorization: Bearer (env CAIRN_TOKEN; "
                    + "prefer --token-file or the environment: a flag shows in the process list).")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE", defaultValue = "${env:CAIRN_TOKEN_FILE}",
            description = "File holding the token (env CAIRN_TOKEN_FILE); --token and CAIRN_TOKEN win over it.")
    Path tokenFile;

    @Option(names = "--ca-cert", paramLabel = "FILE", defaultValue = "${env:CAIRN_CA_CERT}",
            description = "PEM certificate of the CA that signs the registry's nodes: talk TLS (https) and verify "
                    + "each node's certificate and host name against it (env CAIRN_CA_CERT).")
    Path caCert;

    @Option(names = "--client-cert", paramLabel = "FILE", defaultValue = "${env:CAIRN_CLIENT_CERT}",
            description = "PEM certificate to present to the nodes, with --client-key; needed when nodes run with "
                    + "--tls-client-auth require (env CAIRN_CLIENT_CERT).")
    Path clientCert;

    @Option(names = "--client-key", paramLabel = "FILE", defaultValue = "${env:CAIRN_CLIENT_KEY}",
            description = "PKCS#8 PEM private key of --client-cert (env CAIRN_CLIENT_KEY).")
    Path clientKey;

    @Option(names = "--json", description = "Print the registry's JSON answer (re-indented) instead of a table.")
    boolean json;

    /**
     * A client over the given addresses; with {@code followMembers}, followed by the members
     * learned from them in an earlier run (see {@link #learnMembers}), so that calls move on to
     * those when the given ones do not answer.
     */
    CairnClient connect(boolean followMembers) {
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("--timeout must be at least 1 second");
        }
        Endpoints endpoints = new Endpoints(given());
        if (followMembers) {
            endpoints.learn(cache().addresses());
        }
        return new CairnClient(endpoints, Duration.ofSeconds(timeoutSeconds), WatchOptions.defaults(), Ticker.SYSTEM,
                null, tls(), token());
    }

    /** The token: {@code --token} (or CAIRN_TOKEN), else the token file's content, else none. */
    String token() {
        if (token != null && !token.isBlank()) {
            return token.strip();
        }
        if (tokenFile == null) {
            return null;
        }
        try {
            return Files.readString(tokenFile).strip();
        } catch (IOException e) {
            // The message names the file, never its content.
            throw new IllegalArgumentException("--token-file " + tokenFile + " cannot be read: " + e.getMessage());
        }
    }

    /** The TLS files, or null without --ca-cert. */
    private PemFiles tls() {
        if (caCert == null) {
            if (clientCert != null || clientKey != null) {
                throw new IllegalArgumentException("--client-cert and --client-key need --ca-cert");
            }
            return null;
        }
        if ((clientCert == null) != (clientKey == null)) {
            throw new IllegalArgumentException("--client-cert and --client-key go together");
        }
        return new PemFiles(clientCert, clientKey, caCert);
    }

    /** {@code https://} with --ca-cert, else {@code http://}: the scheme of bare and learned addresses. */
    private String scheme() {
        return caCert != null ? "https://" : "http://";
    }

    /**
     * Learns the cluster's members from the first address that answers, adds them to the
     * client's addresses and keeps them for the next runs. Asks at most once per
     * {@link CairnClient#MEMBER_REFRESH} per target; a node that cannot say (no metadata leader
     * for a moment, or no answer at all) leaves the addresses as they were: the command itself
     * then reports what is wrong. A list naming only the given addresses (a single node) is not
     * written down.
     */
    void learnMembers(CairnClient registry, Instant now) {
        MemberCache cache = cache();
        if (!cache.stale(now, CairnClient.MEMBER_REFRESH)) {
            return;
        }
        ClusterMembers members;
        try {
            members = registry.members();
        } catch (CairnClientException | RegistryUnreachableException e) {
            return;
        }
        List<String> alive = new ArrayList<>();
        for (ClusterMember m : members.members()) {
            if (!"failed".equals(m.state())) {
                alive.add(scheme() + m.http());
            }
        }
        registry.endpoints().learn(alive);
        if (!given().containsAll(alive)) {
            cache.store(alive);
        }
    }

    private List<String> given() {
        List<String> urls = new ArrayList<>();
        for (String a : address.split(",")) {
            String trimmed = a.trim();
            urls.add(trimmed.contains("://") ? trimmed : scheme() + trimmed);
        }
        return urls;
    }

    private MemberCache cache() {
        return new MemberCache(cacheDir, address);
    }
}
