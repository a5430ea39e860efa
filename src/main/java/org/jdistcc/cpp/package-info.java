/**
 * How each job is preprocessed: which mode is safe for a command (from its arguments) and whether
 * what the preprocessor saw (its output and the files its line markers name) holds anything that a
 * split compile would get wrong. One decision, with its reasons as data; running the preprocessor
 * is the client's business.
 */
package org.jdistcc.cpp;
