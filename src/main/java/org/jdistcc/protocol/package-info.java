/**
 * The distcc wire format and nothing else: tokens ({@link org.jdistcc.protocol.TokenReader}, {@link
 * org.jdistcc.protocol.TokenWriter}), whole requests and responses as records ({@link
 * org.jdistcc.protocol.RequestCodec}, {@link org.jdistcc.protocol.ResponseCodec}), protocol
 * versions 1 and 2, and LZO1X ({@link org.jdistcc.protocol.Lzo1x}). Input is hostile until checked:
 * every length is bounded by {@link org.jdistcc.protocol.WireLimits}, and a malformed stream is a
 * {@link org.jdistcc.protocol.WireException} that shows what arrived instead. An answer's object
 * can go to an {@link org.jdistcc.protocol.ObjectSink} as it is decoded; where that is, is the
 * caller's.
 *
 * <p>No sockets and no processes: the codecs read and write streams that {@code transport} (client)
 * or {@code server} hands them.
 */
package org.jdistcc.protocol;
