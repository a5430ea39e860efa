/**
 * {@code distccmon-text}: {@link org.jdistcc.monitor.MonitorMain} lists the running jobs from the
 * state notes and turns a DISTCC_TRACE file into a Chrome/Perfetto trace and a summary ({@link
 * org.jdistcc.monitor.TraceReport}, over the records {@link org.jdistcc.state.TraceRecord} reads).
 *
 * <p>It only reads: the notes and trace records, and their format, belong to {@code state}.
 */
package org.jdistcc.monitor;
