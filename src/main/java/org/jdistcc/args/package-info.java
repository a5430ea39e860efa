/**
 * Pure functions over a compiler's argument list: {@link org.jdistcc.args.ArgScanner#scan} decides
 * whether a command can be distributed (a {@link org.jdistcc.args.ScanResult}: distribute, or run
 * locally and why), names its input and output, and {@link org.jdistcc.args.Preprocessing} chooses
 * how it is preprocessed; {@link org.jdistcc.args.LocalArgs} and {@link
 * org.jdistcc.args.DependencyArgs} build the local preprocessor command, {@link
 * org.jdistcc.args.ArgRewriter} points a volunteer's command at its private files, and {@link
 * org.jdistcc.args.ArgPolicy} is the daemon's rule for arguments from the network. {@link
 * org.jdistcc.args.ResponseFiles} expands {@code @file} arguments first, from texts the caller
 * reads.
 *
 * <p>No I/O and no processes: everything here is table-tested on lists of strings. Running the
 * commands is {@code exec}; deciding where to run them is {@code client}.
 */
package org.jdistcc.args;
