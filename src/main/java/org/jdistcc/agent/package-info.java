/**
 * The per-user client agent: one warm JVM that runs the {@code distcc} pipeline for the native
 * launcher, so a job does not pay for a JVM start. {@link org.jdistcc.agent.Frames} is the pure
 * frame codec (bytes in, records out, no sockets); {@link org.jdistcc.agent.AgentMain} owns the
 * Unix-domain socket, the peer check and the idle exit; {@link org.jdistcc.agent.AgentJob} turns
 * one connection into the same call the in-process client makes.
 *
 * <p>Wire format, both ways: frames of {@code u32 big-endian payload length | u8 type | payload}.
 * Launcher to agent: {@code A} an argument (the first is argv[0]), {@code E} NAME=value, {@code D}
 * the working directory, {@code U} the umask in octal ASCII, {@code T} three bytes '0'/'1' for
 * isatty(0..2), {@code P} the launcher's pid in decimal ASCII, then {@code C} (empty) to run. Agent
 * to launcher: {@code 1}/{@code 2} bytes for stdout/stderr, {@code u} distcc's own messages for the
 * descriptor UNCACHED_ERR_FD names (sent only when it names one; ccache sets it so that those
 * messages are not cached), {@code F} a path the job is about to create (an object's temporary
 * twin), which the launcher removes if the agent ends before the job does, and {@code f} a path
 * claimed so but found taken, to be left alone; {@code X} the exit status in decimal ASCII (the
 * end); or {@code a} (argv) and {@code e} (environment) frames then {@code R} with an executable
 * path: the launcher execs it, keeping the connection open until the compiler ends; or {@code N}:
 * not handled here (a request the agent cannot represent, or a job that failed inside it): the
 * launcher runs the in-process client.
 */
package org.jdistcc.agent;
