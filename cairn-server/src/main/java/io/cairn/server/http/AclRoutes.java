package io.cairn.server.http;

import io.cairn.api.AclPolicy;
import io.cairn.api.AclRule;
import io.cairn.api.AclTokenRequest;
import io.cairn.api.AclTokenView;
import io.cairn.core.acl.Access;
import io.cairn.core.acl.AclTable;
import io.cairn.core.acl.AclToken;
import io.cairn.core.acl.Policy;
import io.cairn.core.acl.ServiceRule;
import io.cairn.core.cluster.ClusterCommand;
import io.cairn.core.model.InvalidFieldException;
import io.cairn.server.acl.Caller;
import io.cairn.server.acl.Secrets;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code /v1/acl}: policies and tokens (docs/api.md, "Access control"). Every change is a
 * cluster command through the metadata group; a new or rotated secret is made here, answered
 * once, and only its SHA-256 enters the command. The admin right guards all of it
 * ({@link AccessRule}) except {@code GET /v1/acl/token/self}.
 */
final class AclRoutes {

    /** Proposes a cluster command; completes with the refusal, or null once applied. */
    interface Proposer {
        CompletableFuture<String> propose(ClusterCommand command);
    }

    private final Supplier<AclTable> table;
    private final Proposer proposer;
    private final Secrets secrets;
    private final RequestJson json;
    private final Answers answers;

    AclRoutes(Supplier<AclTable> table, Proposer proposer, Secrets secrets, RequestJson json, Answers answers) {
        this.table = table;
        this.proposer = proposer;
        this.secrets = secrets;
        this.json = json;
        this.answers = answers;
    }

    void mount(Router r, Function<String, Route> get, BodyHandler body, io.vertx.core.Handler<RoutingContext> requireJson) {
        get.apply("/v1/acl/policies").handler(ctx -> answers.handle(ctx, () -> done(policies())));
        get.apply("/v1/acl/policies/:name").handler(ctx -> answers.handle(ctx, () -> done(policy(ctx.pathParam("name")))));
        r.put("/v1/acl/policies/:name").handler(body).handler(requireJson)
                .handler(ctx -> answers.handle(ctx, () -> putPolicy(ctx)));
        r.delete("/v1/acl/policies/:name").handler(ctx -> answers.handle(ctx,
                () -> apply(new ClusterCommand.DeletePolicy(ctx.pathParam("name")), null)));
        get.apply("/v1/acl/tokens").handler(ctx -> answers.handle(ctx, () -> done(tokens())));
        get.apply("/v1/acl/token/self").handler(ctx -> answers.handle(ctx, () -> done(self(ctx))));
        r.post("/v1/acl/tokens").handler(body).handler(requireJson).handler(ctx -> answers.handle(ctx, () -> create(ctx)));
        r.post("/v1/acl/tokens/:accessor/rotate").handler(ctx -> answers.handle(ctx, () -> rotate(ctx.pathParam("accessor"))));
        r.delete("/v1/acl/tokens/:accessor").handler(ctx -> answers.handle(ctx,
                () -> apply(new ClusterCommand.DeleteToken(ctx.pathParam("accessor")), null)));
    }

    private List<AclPolicy> policies() {
        List<AclPolicy> out = new ArrayList<>();
        for (Policy p : table.get().policies().values()) {
            out.add(view(p));
        }
        return out;
    }

    private AclPolicy policy(String name) {
        Policy p = table.get().policies().get(name);
        if (p == null) {
            throw new ApiException(404, "not_found", "no policy '" + name + "'", null);
        }
        return view(p);
    }

    private List<AclTokenView> tokens() {
        List<AclTokenView> out = new ArrayList<>();
        for (AclToken t : table.get().tokens().values()) {
            out.add(new AclTokenView(t.accessorId(), null, t.description(), t.policies()));
        }
        return out;
    }

    private AclTokenView self(RoutingContext ctx) {
        Caller caller = ctx.get(AccessGuard.CALLER);
        AclToken t = caller == null ? null : table.get().tokens().get(caller.grant().accessorId());
        if (t == null) {
            return new AclTokenView(caller == null ? null : caller.grant().accessorId(), null, "", List.of());
        }
        return new AclTokenView(t.accessorId(), null, t.description(), t.policies());
    }

    private CompletableFuture<Reply> putPolicy(RoutingContext ctx) {
        AclPolicy body = json.read(bytes(ctx), AclPolicy.class);
        String name = ctx.pathParam("name");
        if (body.name() != null && !body.name().equals(name)) {
            throw new InvalidFieldException("name", "must equal the name in the path, or be left out");
        }
        List<ServiceRule> rules = new ArrayList<>();
        List<AclRule> given = body.rules() == null ? List.of() : body.rules();
        for (int i = 0; i < given.size(); i++) {
            AclRule r = given.get(i);
            String field = "rules[" + i + "]";
            if (r == null || r.namespace() == null || r.service() == null || r.access() == null) {
                throw new InvalidFieldException(field, "needs namespace, service and access");
            }
            Access access;
            try {
                access = Access.valueOf(r.access().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException(field + ".access", "must be read or write");
            }
            try {
                rules.add(new ServiceRule(r.namespace(), r.service(), access));
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException(field, e.getMessage());
            }
        }
        Policy policy;
        try {
            policy = new Policy(name, body.description(), rules, Boolean.TRUE.equals(body.operator()),
                    Boolean.TRUE.equals(body.admin()), Boolean.TRUE.equals(body.metrics()));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("name", e.getMessage());
        }
        return apply(new ClusterCommand.PutPolicy(policy), view(policy));
    }

    private CompletableFuture<Reply> create(RoutingContext ctx) {
        AclTokenRequest body = json.read(bytes(ctx), AclTokenRequest.class);
        List<String> policies = body.policies() == null ? List.of() : body.policies();
        for (int i = 0; i < policies.size(); i++) {
            if (policies.get(i) == null || !table.get().policies().containsKey(policies.get(i))) {
                throw new InvalidFieldException("policies[" + i + "]", "names no policy");
            }
        }
        String secret = secrets.newSecret();
        AclToken token = new AclToken(secrets.newAccessorId(), Secrets.hash(secret), body.description(), policies);
        return apply(new ClusterCommand.PutToken(token),
                new AclTokenView(token.accessorId(), secret, token.description(), token.policies()));
    }

    private CompletableFuture<Reply> rotate(String accessor) {
        AclToken known = table.get().tokens().get(accessor);
        if (known == null) {
            throw new ApiException(404, "not_found", "no token with accessor id '" + accessor + "'", null);
        }
        String secret = secrets.newSecret();
        AclToken rotated = new AclToken(accessor, Secrets.hash(secret), known.description(), known.policies());
        return apply(new ClusterCommand.PutToken(rotated),
                new AclTokenView(accessor, secret, known.description(), known.policies()));
    }

    private CompletableFuture<Reply> apply(ClusterCommand command, Object answer) {
        return proposer.propose(command).thenApply(refusal -> {
            if (refusal != null) {
                throw new ApiException(409, "conflict", refusal, null);
            }
            return new Reply(200, -1, answer == null ? java.util.Map.of() : answer, null);
        });
    }

    private static CompletableFuture<Reply> done(Object body) {
        return CompletableFuture.completedFuture(new Reply(200, -1, body, null));
    }

    private static byte[] bytes(RoutingContext ctx) {
        return ctx.body().buffer() == null ? null : ctx.body().buffer().getBytes();
    }

    private static AclPolicy view(Policy p) {
        List<AclRule> rules = new ArrayList<>();
        for (ServiceRule r : p.rules()) {
            rules.add(new AclRule(r.namespace(), r.service(), r.access().name().toLowerCase(Locale.ROOT)));
        }
        return new AclPolicy(p.name(), p.description(), rules, p.operator(), p.admin(), p.metrics());
    }
}
