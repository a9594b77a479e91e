/**
 * JMH benchmarks of sac4j: matrix products, an MLP's forward and backward pass, one SAC update and
 * acting at batch 1. Build with {@code mvn -pl sac4j-bench -am package -DskipTests} and run
 * {@code java -jar sac4j-bench/target/benchmarks.jar [regex] [-prof gc]}; see {@code bench/jmh.sh}.
 */
package io.sac4j.bench;
