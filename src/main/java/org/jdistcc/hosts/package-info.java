/**
 * Where jobs may run: the DISTCC_HOSTS grammar parsed into {@link org.jdistcc.hosts.HostSpec}
 * records, the choice of host-list source, per-host job slots held as file locks, and backoff from
 * hosts that recently failed. Nothing here opens a connection; that is {@code transport}.
 *
 * <p>Files under the lock directory ({@code $DISTCC_DIR/lock}) use distcc 3.4's names, so jdistcc
 * and distcc clients running side by side share slot limits and backoff marks. jdistcc's own files
 * there: {@link org.jdistcc.hosts.Quarantine} and {@link org.jdistcc.hosts.EarnedTrust}. The slot
 * files a process has open are one table per process, {@link org.jdistcc.hosts.SlotLocks}, built
 * once (by the client's main or the agent) and shared by every job's picker.
 */
package org.jdistcc.hosts;
