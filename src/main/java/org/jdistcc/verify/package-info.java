/**
 * Checking a volunteer's work after the fact ({@code DISTCC_VERIFY}): which jobs are sampled, and
 * compiling a job's request again on this machine to compare the objects.
 *
 * <p>Owns: {@link org.jdistcc.verify.Sampling} (a deterministic choice of N jobs per thousand) and
 * {@link org.jdistcc.verify.Recompile} (the same preprocessed text and remote arguments compiled
 * here, at idle priority, compared with {@link org.jdistcc.elf.ObjectComparison}), and {@link
 * org.jdistcc.verify.CheckQueue} (the agent's checks that run after their jobs, when the client is
 * idle ({@link org.jdistcc.verify.IdleGate}) and a local slot is free, and the warnings they leave
 * for later jobs).
 *
 * <p>Does not own: what a mismatch does to a host (quarantine is the hosts package's, the warning
 * and the delivered object the client's) or comparing objects (the elf package).
 */
package org.jdistcc.verify;
