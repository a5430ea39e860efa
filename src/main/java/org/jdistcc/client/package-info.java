/**
 * The {@code distcc} command. Entry points: {@link org.jdistcc.client.ClientMain} (options, {@code
 * --show-hosts}, {@code -j}, masquerading) and {@link org.jdistcc.client.CompileJob#run}, one job:
 * scan the arguments, pick a slot, preprocess locally ({@link
 * org.jdistcc.client.LocalPreprocessor}) and compile remotely ({@link
 * org.jdistcc.client.RemoteCompile}) in a plain attempt ({@link org.jdistcc.client.PlainCompile}),
 * or send sources and headers in a pump attempt ({@link org.jdistcc.client.PumpCompile}), deliver
 * the outputs ({@link org.jdistcc.client.Delivery}, the object decoded into its temporary file as
 * it arrives by {@link org.jdistcc.client.ObjectReceiver} and put in place whole by {@link
 * org.jdistcc.client.ObjectFile}), or fall back to a local compile as {@link
 * org.jdistcc.client.Fallback} decides. {@link org.jdistcc.client.Volunteers} is the client's view
 * of hosts, slots and backoff; {@link org.jdistcc.client.JobTracker} reports the job to the monitor
 * and the build trace.
 *
 * <p>This package makes the decisions; the grammar and locks are {@code hosts}, the bytes on the
 * wire {@code protocol}, the channel {@code transport}, the arguments {@code args}.
 */
package org.jdistcc.client;
