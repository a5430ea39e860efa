/**
 * Reading relocatable ELF objects well enough to compare two of them: the section table, each
 * section's bytes, the machine they were made for and the compiler's {@code .comment}.
 *
 * <p>Owns: {@link org.jdistcc.elf.ElfObject} (parse, with every offset checked against the file)
 * and {@link org.jdistcc.elf.ObjectComparison} (identical, same code with other debug information,
 * or the first section that differs). Pure functions over bytes: no files, no processes.
 *
 * <p>Does not own: deciding what a difference means for a host (the client's host check does that)
 * or running compilers.
 */
package org.jdistcc.elf;
