/**
 * What a node asks of the JVM it runs in, beyond running its code: today, giving an idle node's
 * heap back to the operating system without shrinking a busy node's ({@link
 * io.cairn.server.jvm.IdleHeap}). The JVM's flags belong to the process, not to a node, so these
 * are started by the process's main ({@code cairn server}), never by {@code CairnServer}, which
 * tests run several of in one JVM.
 */
package io.cairn.server.jvm;
