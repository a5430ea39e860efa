/**
 * Turns a directives-only preprocessed text back into the source files a one-step compile reads, so
 * the volunteer's object equals the client's local one, debug information included.
 *
 * <p>GCC records {@code -fdirectives-only} in {@code DW_AT_producer}, names C++ static initialisers
 * after the input file and takes the working directory from the text: compiling the text with
 * {@code -fpreprocessed -fdirectives-only} gives the same code but not the same bytes. {@link
 * org.jdistcc.server.unsplit.SourceLayout} parses the text's line markers into files (the main
 * file, one file per inclusion, the command-line macros and pre-included files); {@link
 * org.jdistcc.server.unsplit.OrdinaryCompile} writes them into the job directory and makes the
 * command that compiles them as ordinary source, with prefix maps that give back the client's
 * names. Every file name written is chosen here (a counter, or the client's basename after checks),
 * never taken from a line marker, so no marker can name a path outside the job directory. Nothing
 * here runs a process; the server's job handler does.
 */
package org.jdistcc.server.unsplit;
