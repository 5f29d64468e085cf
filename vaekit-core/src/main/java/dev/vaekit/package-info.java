/**
 * vaekit: variational autoencoders for the JVM. Packages by concept: {@code data}, {@code distributions}, {@code nn},
 * {@code objectives}, {@code models}, {@code train}, {@code eval}, {@code quality}, {@code io}, {@code viz}.
 */
package dev.vaekit;
