package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The generator's cluster arguments: target lists, round-robin binding, scenario names, CPU per operation. */
class ClusterTargetsTest {

    @Test
    void aCommaSeparatedTargetListBecomesAddressesInOrder() {
        LoadGenerator g = new LoadGenerator();
        new CommandLine(g).setCaseInsensitiveEnumValuesAllowed(true).parseArgs("--target", "http://127.0.0.1:7470,http://localhost:7471,http://127.0.0.2:7472");

        List<InetSocketAddress> addresses = LoadGenerator.addresses(g.targets);

        assertThat(addresses).extracting(InetSocketAddress::getHostString)
                .containsExactly("127.0.0.1", "localhost", "127.0.0.2");
        assertThat(addresses).extracting(InetSocketAddress::getPort).containsExactly(7470, 7471, 7472);
    }

    @Test
    void aTargetThatIsNotLoopbackIsRefused() {
        assertThatThrownBy(() -> LoadGenerator.addresses(List.of(URI.create("http://127.0.0.1:1"),
                URI.create("http://10.1.2.3:7470")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10.1.2.3");
    }

    @Test
    void targetAndClusterExcludeEachOther() {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new LoadGenerator()).setCaseInsensitiveEnumValuesAllowed(true).setErr(new PrintWriter(err))
                .execute("--target", "http://127.0.0.1:1", "--cluster", "3");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--target and --cluster exclude each other");
    }

    @Test
    void routingByLeaderNeedsACluster() {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new LoadGenerator()).setCaseInsensitiveEnumValuesAllowed(true).setErr(new PrintWriter(err))
                .execute("--target", "http://127.0.0.1:1", "--route", "leader");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--route must be node, or leader with --cluster");
    }

    @Test
    void clientsAreBoundToTargetsRoundRobin() {
        List<String> nodes = List.of("a", "b", "c");

        assertThat(List.of(0, 1, 2, 3, 4, 63)).extracting(i -> ClosedLoop.targetOf(nodes, i))
                .containsExactly("a", "b", "c", "a", "b", "a");
    }

    @Test
    void scenariosParseByTheirLabels() {
        LoadGenerator g = new LoadGenerator();
        new CommandLine(g).setCaseInsensitiveEnumValuesAllowed(true).parseArgs("--scenarios", "register,lookup,lookup-stale,LOOKUP_STALE");

        assertThat(g.scenarios).containsExactly(Scenario.REGISTER, Scenario.LOOKUP, Scenario.LOOKUP_STALE,
                Scenario.LOOKUP_STALE);
        assertThat(Scenario.LOOKUP_STALE.label()).isEqualTo("lookup-stale");
        assertThatThrownBy(() -> Scenario.of("lookups")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cpuTicksSpreadOverOperations() {
        // 250 ticks of 10 ms = 2.5 s of CPU over 10,000 operations: 250 µs each.
        assertThat(CpuMeter.micros(250, 10_000)).isEqualTo(250.0);
        assertThat(CpuMeter.micros(7, 0)).isZero();
    }
}
