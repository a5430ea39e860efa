/**
 * What a GCC driver runs to preprocess a command, learnt once per shape of command from the
 * driver's own {@code -###} listing and kept by the agent, so that later jobs of that shape start
 * {@code cc1} straight away and spare the driver's start (about a millisecond, a sixth of a small
 * file's preprocessing). A shape is the command with its input, output and dependency names left
 * out; what the driver derives from those names is found by asking it twice, once with names no
 * other argument can contain, and checked against the job's own listing before it is trusted.
 * Anything unusual ({@code -v}, {@code -save-temps}, response files, specs, more than one program,
 * a changed compiler) keeps the driver. Running the programs is the client's business; this package
 * only reads listings and builds command lines.
 */
package org.jdistcc.driver;
