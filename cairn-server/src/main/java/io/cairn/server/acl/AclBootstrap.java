package io.cairn.server.acl;

import io.cairn.core.acl.Access;
import io.cairn.core.acl.AclTable;
import io.cairn.core.acl.AclToken;
import io.cairn.core.acl.Policy;
import io.cairn.core.acl.ServiceRule;
import io.cairn.core.cluster.ClusterCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Gives a cluster with ACLs on its first token: the {@value #POLICY} policy (every right) and the
 * {@value #ACCESSOR} token that names it, once, while the table has no token at all. The secret is
 * the one in {@code acl-initial-token-file}, or one made here that the caller shows once. Later
 * starts find tokens and do nothing; the token is rotated like any other
 * ({@code POST /v1/acl/tokens/initial-management/rotate}).
 */
public final class AclBootstrap {

    /** The policy of the initial management token. */
    public static final String POLICY = "global-management";
    /** The accessor id of the initial management token. */
    public static final String ACCESSOR = "initial-management";

    private final Supplier<AclTable> table;
    private final Function<ClusterCommand, CompletableFuture<String>> proposer;
    private final String secret;

    /** @param secret the initial secret, from the file or newly made */
    public AclBootstrap(Supplier<AclTable> table, Function<ClusterCommand, CompletableFuture<String>> proposer,
            String secret) {
        this.table = table;
        this.proposer = proposer;
        this.secret = secret;
    }

    /** Reads a secret from a file (surrounding blanks dropped); the error names the file, never its content. */
    public static String readSecret(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file).strip();
        } catch (IOException e) {
            throw new IOException("cannot read token file " + file + ": " + e.getMessage(), e);
        }
        if (text.length() < 16 || text.chars().anyMatch(c -> c <= ' ')) {
            throw new IOException("token file " + file + " must hold one secret of at least 16 characters"
                    + " without blanks (make one with: openssl rand -hex 32)");
        }
        return text;
    }

    /**
     * Creates the policy and the token when the table has no token; call on the metadata leader.
     *
     * @return true when the cluster has a token now (made here or earlier)
     */
    public boolean run() {
        if (!table.get().hasNoTokens()) {
            return true;
        }
        Policy everything = new Policy(POLICY, "every right: made at bootstrap",
                List.of(new ServiceRule("*", "*", Access.WRITE)), true, true, true);
        AclToken token = new AclToken(ACCESSOR, Secrets.hash(secret), "initial management token", List.of(POLICY));
        String refusal = proposer.apply(new ClusterCommand.PutPolicy(everything))
                .thenCompose(r -> r != null ? CompletableFuture.completedFuture(r)
                        : proposer.apply(new ClusterCommand.PutToken(token)))
                .orTimeout(10, TimeUnit.SECONDS).join();
        if (refusal != null) {
            throw new IllegalStateException("the cluster metadata refused the initial token: " + refusal);
        }
        return true;
    }
}
