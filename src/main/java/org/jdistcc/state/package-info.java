/**
 * What a client leaves for the monitor to read: per-job state notes under {@code $DISTCC_DIR/state}
 * ({@link org.jdistcc.state.StateDir}, {@link org.jdistcc.state.JobState}, the {@link
 * org.jdistcc.state.Phase} a job is in), each opening with distcc 3.4's binary record ({@code
 * DistccRecord}) so that distcc 3.4's monitors and this one read each other's clients, and the
 * DISTCC_TRACE records ({@link org.jdistcc.state.TraceRecord}, which writes and reads them,
 * appended by {@link org.jdistcc.state.TraceFile}).
 *
 * <p>The format of both lives here alone, written by {@code client} and read by {@code monitor};
 * when to write a note is {@code client.JobTracker}'s decision.
 */
package org.jdistcc.state;
