/**
 * A byte channel to a volunteer ({@link org.jdistcc.transport.Connection}): TCP ({@link
 * org.jdistcc.transport.TcpConnection}), SSH inside the JVM ({@link
 * org.jdistcc.transport.SshjConnection}, the only sshj user, reading {@link
 * org.jdistcc.transport.SshConfig}) or a child process's pipes ({@link
 * org.jdistcc.transport.PipeConnection}, also {@code DISTCC_SSH}), all on {@link
 * org.jdistcc.transport.StreamConnection}. What the transport says on its error stream is kept
 * ({@link org.jdistcc.transport.StderrTail}) for the error message. Pipes get the read and write
 * timeout a socket has from {@link org.jdistcc.transport.StallWatch}.
 *
 * <p>Which host to connect to is {@code client}'s choice; what is sent is {@code protocol}.
 */
package org.jdistcc.transport;
