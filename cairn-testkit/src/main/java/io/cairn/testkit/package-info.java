/**
 * The one test kit of server, client, CLI, integration and bench tests. It depends on the wire
 * types ({@code cairn-api}) and nothing else of Cairn's, so every module can take it as a test
 * dependency without a cycle; that is why a node is run here only as a process.
 *
 * <ul>
 *   <li>Real nodes: {@link io.cairn.testkit.ServerProcess} runs one as a separate JVM from a
 *       {@link io.cairn.testkit.NodeProgram} (a class path and a main class, by default
 *       {@code cairn server} on the calling module's test class path), for crash, restart and
 *       signal tests where "kill -9" must mean a real process; {@link io.cairn.testkit.NodeCluster}
 *       runs several as one cluster; {@link io.cairn.testkit.ClusterReadiness} says when one has
 *       converged.</li>
 *   <li>Faults: kill -9, SIGSTOP/SIGCONT and restarts on those processes;
 *       {@link io.cairn.testkit.NetworkLab} gives each node its own network namespace so that
 *       links between nodes can be cut; {@link io.cairn.testkit.EphemeralOwner} is an instance
 *       owner that can be frozen.</li>
 *   <li>Time: {@link io.cairn.testkit.ManualTicker}, the fake of the injected
 *       {@code io.cairn.api.time} ticker and scheduler.</li>
 *   <li>Watches: {@link io.cairn.testkit.SseStream}, the one reader of an event stream.</li>
 *   <li>Architecture: {@link io.cairn.testkit.ClockRule}, the rule that time is read only through
 *       the injected ticker.</li>
 * </ul>
 *
 * <p>An in-process node ({@code TestServer}) needs the server's classes, so it stays in
 * cairn-server's test folder; a module without the server runs nodes as processes.
 *
 * <p>Nothing here is used by production code; a lab never touches an interface or namespace it
 * did not create.
 */
package io.cairn.testkit;
