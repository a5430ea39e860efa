/**
 * Running programs, with results as data: {@link org.jdistcc.exec.Command} and {@link
 * org.jdistcc.exec.ProcessResult} are values; {@link org.jdistcc.exec.ProcessRunner} (the only
 * commons-exec user) runs the daemon's compiler with a time limit, {@link
 * org.jdistcc.exec.DirectRunner} starts the client's local compiler and preprocessor with the JDK
 * alone, so the client's start path stays lean; {@link org.jdistcc.exec.ProcessGroup} runs a
 * program that can be stopped and continued with all it starts (a deferred check).
 *
 * <p>What to run and why is the callers' business ({@code client}, {@code server}); a program that
 * fails is a result here, only one that cannot start is an exception.
 */
package org.jdistcc.exec;
