package io.cairn.server.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.core.acl.Access;
import io.cairn.core.acl.Grant;
import io.cairn.core.acl.Policy;
import io.cairn.core.acl.ServiceRule;
import io.cairn.core.model.Instance;
import io.cairn.core.model.ServiceKey;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Anonymous DNS sees only what the DNS policy may read, and a refused name looks like an absent one. */
class PermittedInstancesTest {

    @Test
    void aServiceTheDnsPolicyMayNotReadAnswersNoInstancesWithoutAskingTheCatalog() {
        AtomicInteger asked = new AtomicInteger();
        InstanceSource catalog = key -> {
            asked.incrementAndGet();
            return CompletableFuture.completedFuture(List.<Instance>of());
        };
        Grant web = Grant.of("anonymous-dns", List.of(new Policy("dns", "", List.of(new ServiceRule("default", "web", Access.READ)),
                false, false, false)));
        AtomicReference<Grant> grant = new AtomicReference<>(web);
        PermittedInstances dns = new PermittedInstances(catalog, grant::get);
        assertThat(dns.instances(new ServiceKey("default", "db")).join()).isEmpty();
        assertThat(asked).hasValue(0);
        dns.instances(new ServiceKey("default", "web")).join();
        assertThat(asked).hasValue(1);
        grant.set(Grant.NONE); // the policy was deleted: the next query sees it
        dns.instances(new ServiceKey("default", "web")).join();
        assertThat(asked).hasValue(1);
    }
}
