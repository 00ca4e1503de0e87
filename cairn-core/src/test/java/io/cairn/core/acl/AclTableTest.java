package io.cairn.core.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.core.cluster.ClusterCodec;
import io.cairn.core.cluster.ClusterCommand;
import io.cairn.core.cluster.ClusterMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class AclTableTest {

    private static final String HASH_A = "a".repeat(64);
    private static final String HASH_B = "b".repeat(64);

    private static Policy payments() {
        return new Policy("payments-writer", "", List.of(new ServiceRule("prod", "payments*", Access.WRITE),
                new ServiceRule("*", "*", Access.READ)), false, false, false);
    }

    @Test
    void aRuleGrantsExactlyWhatItNames() {
        AclTable table = AclTable.EMPTY.with(payments()).with(new AclToken("t1", HASH_A, "", List.of("payments-writer")));
        Grant g = table.grant(HASH_A);
        assertThat(g.accessorId()).isEqualTo("t1");
        assertThat(g.allows("prod", "payments", Access.WRITE)).isTrue();
        assertThat(g.allows("prod", "payments-api", Access.WRITE)).isTrue();
        assertThat(g.allows("prod", "billing", Access.WRITE)).isFalse();
        assertThat(g.allows("dev", "payments", Access.WRITE)).isFalse();
        assertThat(g.allows("dev", "anything", Access.READ)).isTrue();
        assertThat(g.allowsNamespace("prod", Access.READ)).isTrue();
        assertThat(g.allowsNamespace("prod", Access.WRITE)).isFalse();
        assertThat(g.operator() || g.admin() || g.metrics()).isFalse();
        assertThat(table.grant(HASH_B)).isNull();
    }

    @Test
    void aTokenWhosePolicyIsDeletedKeepsNoRights() {
        AclTable table = AclTable.EMPTY.with(payments()).with(new AclToken("t1", HASH_A, "", List.of("payments-writer")))
                .withoutPolicy("payments-writer");
        assertThat(table.grant(HASH_A).allows("prod", "payments", Access.READ)).isFalse();
    }

    @Test
    void metadataCommandsChangeTheTableRotateRevokeAndRefuseASharedSecret() {
        ClusterMap map = ClusterMap.empty(4, 1);
        map = map.apply(new ClusterCommand.PutPolicy(payments())).map();
        map = map.apply(new ClusterCommand.PutToken(new AclToken("t1", HASH_A, "x", List.of("payments-writer")))).map();
        assertThat(map.epoch()).isEqualTo(2);
        ClusterMap.Applied shared = map.apply(new ClusterCommand.PutToken(new AclToken("t2", HASH_A, "", List.of())));
        assertThat(shared.refusal()).contains("another token");
        assertThat(map.apply(new ClusterCommand.PutPolicy(payments())).map()).isSameAs(map);

        ClusterMap rotated = map.apply(new ClusterCommand.PutToken(new AclToken("t1", HASH_B, "x", List.of("payments-writer")))).map();
        assertThat(rotated.acl().grant(HASH_A)).isNull();
        assertThat(rotated.acl().grant(HASH_B)).isNotNull();
        assertThat(rotated.apply(new ClusterCommand.DeleteToken("t1")).map().acl().grant(HASH_B)).isNull();

        assertThat(ClusterCodec.decodeMap(ClusterCodec.encode(rotated))).isEqualTo(rotated);
        for (ClusterCommand c : List.of(new ClusterCommand.PutPolicy(payments()), new ClusterCommand.DeletePolicy("p"),
                new ClusterCommand.PutToken(new AclToken("t1", HASH_A, "d", List.of("p", "q"))),
                new ClusterCommand.DeleteToken("t1"))) {
            assertThat(ClusterCodec.decodeCommand(ClusterCodec.encode(c))).isEqualTo(c);
        }
    }

    @Test
    void noSecretHashInAStringThatMayBeLogged() {
        AclToken t = new AclToken("t1", HASH_A, "", List.of());
        assertThat(t.toString()).doesNotContain(HASH_A);
        assertThat(AclTable.EMPTY.with(t).toString()).doesNotContain(HASH_A);
        assertThat(new ClusterCommand.PutToken(t).toString()).doesNotContain(HASH_A);
    }

    @Test
    void badRulesAreRefused() {
        assertThatThrownBy(() -> new ServiceRule("prod", "pay*ments", Access.READ)).hasMessageContaining("only at its end");
        assertThatThrownBy(() -> new AclToken("t", "nothex", "", List.of())).hasMessageContaining("secretHash");
        assertThatThrownBy(() -> new Policy("bad name", "", List.of(), false, false, false)).hasMessageContaining("policy name");
    }
}
