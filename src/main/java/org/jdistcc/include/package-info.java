/**
 * Include analysis for pump mode: which files the preprocessor may open for one compile, found from
 * the files' contents without running it. Pure functions over a {@link java.nio.file.FileSystem}
 * plus a cache object handed in by the caller, so that a long-lived process can keep the cache
 * across jobs; no processes, no sockets.
 */
package org.jdistcc.include;
