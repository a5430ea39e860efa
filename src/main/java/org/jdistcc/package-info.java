/**
 * What every package shares: {@link org.jdistcc.ExitCode} (distcc's exit codes) and the one checked
 * exception {@link org.jdistcc.DistccException} that carries one, {@link org.jdistcc.Settings} (the
 * environment, read once by a {@code main} and passed down), {@link org.jdistcc.Log}, {@link
 * org.jdistcc.TempDir} and {@link org.jdistcc.Leftovers} (what a signal must not leave behind).
 * Nothing here knows about hosts, the wire or compilers.
 *
 * <p>Where to start reading: the client is {@code client.ClientMain}, the volunteer {@code
 * server.DaemonMain}, the monitor {@code monitor.MonitorMain}; README.md, "Reading the code",
 * follows a job through them.
 */
package org.jdistcc;
