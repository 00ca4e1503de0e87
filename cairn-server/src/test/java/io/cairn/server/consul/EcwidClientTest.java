package io.cairn.server.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.ecwid.consul.v1.ConsulClient;
import com.ecwid.consul.v1.OperationException;
import com.ecwid.consul.v1.QueryParams;
import com.ecwid.consul.v1.Response;
import com.ecwid.consul.v1.agent.model.NewService;
import com.ecwid.consul.v1.catalog.model.CatalogService;
import com.ecwid.consul.v1.health.model.Check;
import com.ecwid.consul.v1.health.model.HealthService;
import io.cairn.server.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Consul-compatible API through ecwid's consul-api client (what Spring Cloud Consul uses), against one real node. */
class EcwidClientTest {

    private static final Duration DEADLINE = Duration.ofSeconds(15);

    @TempDir
    static Path dir;

    private static TestServer server;
    private static ConsulClient consul;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, 4).start();
        consul = new ConsulClient("127.0.0.1", server.server().httpPort());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static NewService service(String name, String id, String address, int port, List<String> tags) {
        NewService s = new NewService();
        s.setName(name);
        s.setId(id);
        s.setAddress(address);
        s.setPort(port);
        s.setTags(tags);
        s.setMeta(Map.of("zone", "eu-1"));
        return s;
    }

    static NewService.Check ttl(String ttl) {
        NewService.Check c = new NewService.Check();
        c.setTtl(ttl);
        return c;
    }

    private static List<HealthService> passing(String service) {
        return consul.getHealthServices(service, true, QueryParams.DEFAULT).getValue();
    }

    @Test
    void aTtlCheckIsCriticalUntilPassedAndFollowsPassWarnFail() {
        NewService s = service("web", "web-1", "10.0.0.1", 8080, List.of("v1", "blue"));
        s.setCheck(ttl("30s"));
        consul.agentServiceRegister(s);

        List<HealthService> all = consul.getHealthServices("web", false, QueryParams.DEFAULT).getValue();
        assertThat(all).hasSize(1);
        HealthService entry = all.get(0);
        assertThat(entry.getService().getId()).isEqualTo("web-1");
        assertThat(entry.getService().getAddress()).isEqualTo("10.0.0.1");
        assertThat(entry.getService().getPort()).isEqualTo(8080);
        assertThat(entry.getService().getTags()).containsExactly("v1", "blue");
        assertThat(entry.getService().getMeta()).containsEntry("zone", "eu-1");
        assertThat(entry.getNode().getNode()).as("the node is the instance's address").isEqualTo("10.0.0.1");
        assertThat(entry.getChecks()).singleElement().satisfies(c -> {
            assertThat(c.getCheckId()).isEqualTo("service:web-1");
            assertThat(c.getStatus()).isEqualTo(Check.CheckStatus.CRITICAL);
        });
        assertThat(passing("web")).as("critical until passed, as in Consul").isEmpty();

        consul.agentCheckPass("service:web-1", "all good");
        await().atMost(DEADLINE).until(() -> passing("web").size() == 1);
        Check shown = consul.getHealthChecksForService("web", QueryParams.DEFAULT).getValue().get(0);
        assertThat(shown.getStatus()).isEqualTo(Check.CheckStatus.PASSING);
        assertThat(shown.getOutput()).isEqualTo("all good");

        consul.agentCheckWarn("service:web-1");
        await().atMost(DEADLINE).until(() -> passing("web").isEmpty());
        assertThat(consul.getHealthChecksState(Check.CheckStatus.WARNING, QueryParams.DEFAULT).getValue())
                .extracting(Check::getCheckId).contains("service:web-1");

        consul.agentCheckFail("service:web-1");
        await().atMost(DEADLINE).until(() -> consul.getHealthChecksState(Check.CheckStatus.CRITICAL,
                QueryParams.DEFAULT).getValue().stream().anyMatch(c -> c.getCheckId().equals("service:web-1")));
        assertThat(server.get("/v1/services/web/instances/web-1").json().get("health").asText())
                .as("one catalog: the native API shows the same health").isEqualTo("critical");
    }

    @Test
    void catalogAndAgentViewsFilterByTagAndShowTheServices() {
        consul.agentServiceRegister(service("api", "api-1", "10.0.1.1", 9000, List.of("v2")));
        consul.agentServiceRegister(service("api", "api-2", "10.0.1.2", 9000, List.of("v3")));

        assertThat(consul.getCatalogServices(QueryParams.DEFAULT).getValue()).containsEntry("api", List.of("v2", "v3"));
        List<CatalogService> tagged = consul.getCatalogService("api", "v2", QueryParams.DEFAULT).getValue();
        assertThat(tagged).extracting(CatalogService::getServiceId).containsExactly("api-1");
        assertThat(tagged.get(0).getServiceAddress()).isEqualTo("10.0.1.1");
        assertThat(consul.getHealthServices("api", "v3", true, QueryParams.DEFAULT).getValue())
                .extracting(h -> h.getService().getId()).containsExactly("api-2");
        assertThat(consul.getAgentServices().getValue()).containsKeys("api-1", "api-2");
        assertThat(consul.getAgentServices().getValue().get("api-1").getService()).isEqualTo("api");

        consul.agentServiceDeregister("api-1");
        assertThat(consul.getCatalogService("api", QueryParams.DEFAULT).getValue())
                .extracting(CatalogService::getServiceId).containsExactly("api-2");
        assertThatThrownBy(() -> consul.agentServiceDeregister("api-1")).isInstanceOfSatisfying(OperationException.class,
                e -> assertThat(e.getStatusCode()).isEqualTo(404));
    }

    @Test
    void maintenanceTakesAnInstanceOutOfPassingAndBack() {
        consul.agentServiceRegister(service("db", "db-1", "10.0.2.1", 5432, List.of()));
        assertThat(passing("db")).hasSize(1);

        consul.agentServiceSetMaintenance("db-1", true, "upgrading");
        assertThat(passing("db")).isEmpty();
        HealthService entry = consul.getHealthServices("db", false, QueryParams.DEFAULT).getValue().get(0);
        assertThat(entry.getChecks()).anySatisfy(c -> {
            assertThat(c.getCheckId()).isEqualTo("_service_maintenance:db-1");
            assertThat(c.getStatus()).isEqualTo(Check.CheckStatus.CRITICAL);
            assertThat(c.getNotes()).isEqualTo("upgrading");
        });
        assertThat(entry.getService().getMeta()).doesNotContainKey(ConsulView.MAINTENANCE_KEY);

        consul.agentServiceSetMaintenance("db-1", false);
        assertThat(passing("db")).hasSize(1);
    }

    @Test
    void aCriticalTtlCheckDeregistersAfterDeregisterCriticalServiceAfter() {
        NewService s = service("gone", "gone-1", "10.0.3.1", 80, List.of());
        NewService.Check c = ttl("1s");
        c.setDeregisterCriticalServiceAfter("1s");
        s.setCheck(c);
        consul.agentServiceRegister(s);
        assertThat(consul.getCatalogService("gone", QueryParams.DEFAULT).getValue()).hasSize(1);
        await().atMost(DEADLINE).until(() -> consul.getCatalogService("gone", QueryParams.DEFAULT).getValue().isEmpty());
    }

    @Test
    void indexHeadersAndStatusAnswer() {
        consul.agentServiceRegister(service("idx", "idx-1", "10.0.4.1", 80, List.of()));
        Response<List<CatalogService>> r = consul.getCatalogService("idx", QueryParams.DEFAULT);
        assertThat(r.getConsulIndex()).isPositive();
        assertThat(r.isConsulKnownLeader()).isTrue();
        assertThat(r.getConsulLastContact()).isZero();
        assertThat(consul.getCatalogService("never-registered", QueryParams.DEFAULT).getConsulIndex())
                .as("never 0: Consul's clients take 0 as no index").isEqualTo(1);
        assertThat(consul.getStatusLeader().getValue()).isNotEmpty();
        assertThat(consul.getStatusPeers().getValue()).isNotEmpty();
        assertThat(consul.getAgentSelf().getValue().getConfig().getDatacenter()).isEqualTo("dc1");
    }

    @Test
    void anotherDatacenterIsRefusedAsConsulRefusesIt() {
        assertThatThrownBy(() -> consul.getCatalogServices(new QueryParams("dc2")))
                .isInstanceOfSatisfying(OperationException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(500);
                    assertThat(e.getStatusContent()).isEqualTo("No path to datacenter");
                });
        assertThat(consul.getCatalogServices(new QueryParams("dc1")).getValue()).isNotNull();
    }

    @Test
    void theKvStoreIsNotImplemented() {
        assertThatThrownBy(() -> consul.getKVValue("config/x")).isInstanceOfSatisfying(OperationException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(501);
            assertThat(e.getStatusContent()).contains("not supported: the KV store");
        });
    }
}
