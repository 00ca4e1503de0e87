package io.cairn.server.partition;

/** The contract on the in-memory fake. */
class FakePartitionGroupContractTest extends PartitionGroupContract {

    private final FakePartitionGroup leader = new FakePartitionGroup(0, "node-a");

    @Override
    protected PartitionGroup leader() {
        return leader;
    }

    @Override
    protected String nodeId() {
        return "node-a";
    }

    @Override
    protected PartitionGroup leaderless() {
        FakePartitionGroup g = new FakePartitionGroup(1, "node-a");
        g.setPeers(java.util.List.of("node-a", "node-gone"));
        g.loseLeader();
        return g;
    }

    @Override
    protected void closeLeader() {
        leader.close();
    }
}
