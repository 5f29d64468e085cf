/**
 * Small utilities below every other package: atomic file writes and hashes, bounded reads of user files, config
 * choice names, and the build's version.
 */
package dev.vaekit.util;
