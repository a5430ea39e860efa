package org.jdistcc.include;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On the real file system, whose directories' stamps move as entries come and go. */
class DirectoryListingsTest {
  @TempDir Path root;
  private Path dir;

  /** Every stamp on this file system counts as settled under this clock. */
  private final DirectoryListings later =
      new DirectoryListings(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10)));

  @BeforeEach
  void setUp() throws IOException {
    dir = Files.createDirectories(root.resolve("inc"));
    Files.writeString(dir.resolve("a.h"), "");
  }

  @Test
  void aNameASettledListingLacksIsNotThereWithoutAStat() throws IOException {
    DirectoryListings.View view = later.view();
    assertTrue(view.mayExist(dir.resolve("a.h")));
    assertFalse(view.mayExist(dir.resolve("b.h")));
    assertFalse(view.mayExist(dir.resolve("c.h")));
    assertEquals(2, later.spared());
    // The next analysis uses the same listings (the directory's and its parents') while they
    // are unchanged.
    long listed = later.listed();
    assertFalse(later.view().mayExist(dir.resolve("b.h")));
    assertEquals(listed, later.listed());
  }

  @Test
  void anEntryAddedSinceTheListingIsSeenByTheNextAnalysis() throws IOException {
    assertFalse(later.view().mayExist(dir.resolve("b.h")));
    long listed = later.listed();
    Files.writeString(dir.resolve("b.h"), "");
    assertTrue(later.view().mayExist(dir.resolve("b.h")));
    assertEquals(listed + 1, later.listed());
  }

  @Test
  void aDirectoryReplacedUnderItsNameIsListedAgainWhateverItsTimes() throws IOException {
    FileTime old = Files.getLastModifiedTime(dir);
    assertFalse(later.view().mayExist(dir.resolve("b.h")));
    Files.move(dir, root.resolve("moved"));
    Files.createDirectory(dir);
    Files.writeString(dir.resolve("b.h"), "");
    Files.setLastModifiedTime(dir, old);
    assertTrue(later.view().mayExist(dir.resolve("b.h")));
  }

  @Test
  void aDirectoryChangedWithinTheLastMomentsIsNotTrusted() throws IOException {
    // Two changes within one tick of the file system's clock leave the same stamp: a listing
    // read between them would hide the second, so a fresh directory has its candidates stat'd.
    DirectoryListings now = new DirectoryListings(Clock.systemUTC());
    assertTrue(now.view().mayExist(dir.resolve("b.h")));
    assertTrue(now.view().mayExist(dir.resolve("b.h")));
    assertEquals(0, now.spared());
  }

  @Test
  void whatIsUnderAMissingDirectoryOrAFileIsNotThere() throws IOException {
    DirectoryListings.View view = later.view();
    assertFalse(view.mayExist(dir.resolve("sys/types.h")));
    assertFalse(view.mayExist(dir.resolve("sys/deeper/x.h")));
    assertFalse(view.mayExist(dir.resolve("a.h/x.h")));
    assertFalse(view.mayExist(root.resolve("nowhere/at/all.h")));
  }

  @Test
  void aDirectoryThatFoldsCaseIsNotListed() throws IOException {
    // As an ext4 directory with casefolding: Config.h opens config.h, which no listing names.
    try (java.nio.file.FileSystem fs =
        com.google.common.jimfs.Jimfs.newFileSystem(
            com.google.common.jimfs.Configuration.unix().toBuilder()
                .setNameCanonicalNormalization(
                    com.google.common.jimfs.PathNormalization.CASE_FOLD_ASCII)
                .setAttributeViews("basic", "owner", "posix", "unix")
                .build())) {
      Path inc = Files.createDirectories(fs.getPath("/p/inc"));
      Files.writeString(inc.resolve("config.h"), "");
      DirectoryListings.View view = later.view();
      assertTrue(view.mayExist(inc.resolve("Config.h")));
      assertTrue(later.view().mayExist(inc.resolve("CONFIG.H")));
      // Its parents fold case too, so no lookup is answered from a listing at all.
      assertEquals(0, later.spared());
    }
  }
}
