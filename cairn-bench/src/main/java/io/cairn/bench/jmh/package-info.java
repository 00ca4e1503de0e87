/**
 * JMH micro-benchmarks of in-process hot paths: what every acknowledged write costs besides the
 * fsync. Run them with {@code org.openjdk.jmh.Main} on the bench class path (docs/benchmarks.md);
 * the annotation processor writes {@code META-INF/BenchmarkList} into the bench jar.
 */
package io.cairn.bench.jmh;
