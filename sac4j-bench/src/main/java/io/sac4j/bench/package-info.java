/**
 * JMH benchmarks of sac4j: matrix products, an MLP's forward and backward pass, one SAC update and
 * acting at batch 1. Build with {@code mvn -pl sac4j-bench -am package -DskipTests} and run
 * {@code java -jar sac4j-bench/target/benchmarks.jar [regex] [-prof gc]}; see {@code bench/jmh.sh}.
 * {@link io.sac4j.bench.JarAB} (not JMH) alternates two builds' {@code bench update} in one JVM; see
 * {@code bench/ab.sh}.
 */
package io.sac4j.bench;
