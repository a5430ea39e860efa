/**
 * The {@code distccd} command. Entry points: {@link org.jdistcc.server.DaemonMain} (options, the
 * connection from the inherited channel or stdin/stdout, or a {@link org.jdistcc.server.WarmDaemon}
 * on an inherited listening socket) and {@link org.jdistcc.server.JobHandler#serve}, one job: read
 * the request, check the client ({@link org.jdistcc.server.AccessControl}), the compiler ({@link
 * org.jdistcc.server.CompilerPolicy}) and the arguments, compile in a private temp dir, send the
 * response. A refused job is a {@link org.jdistcc.server.Refusal}, logged with its rule. Protocol 3
 * (pump) jobs go on to {@link org.jdistcc.server.PumpHandler}; both run their compiler through
 * {@link org.jdistcc.server.VolunteerCompiler}, which kills its process group when the client goes
 * away.
 *
 * <p>No class here opens a listening socket, and nothing is written outside the job's private
 * directory. The wire format is {@code protocol}, the argument rules {@code args}.
 */
package org.jdistcc.server;
