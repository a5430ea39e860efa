/**
 * Include analysis for pump mode: which files the preprocessor may open for one compile, found from
 * the files' contents without running it. Pure functions over a {@link java.nio.file.FileSystem}
 * plus a cache object handed in by the caller ({@link org.jdistcc.include.AnalysisCache}: files'
 * directives, directory listings and headers' resolved includes), so that a long-lived process can
 * keep it across jobs; no processes, no sockets. What is sent and how is the client's.
 */
package org.jdistcc.include;
