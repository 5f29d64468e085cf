/**
 * Runnable examples of the Java API, each a {@code main} method; the blocks between {@code // docs:begin} and {@code
 * // docs:end} are quoted in docs/java-api.md, and the module's tests run every example and check that the quotes
 * still match.
 */
package dev.vaekit.examples;
