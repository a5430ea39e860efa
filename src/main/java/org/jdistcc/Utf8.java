package org.jdistcc;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Strict UTF-8: bytes that are not valid UTF-8 give no text at all instead of replacement
 * characters, since a name or an argument altered on its way through Java's strings would reach the
 * compiler or the file system changed. What to do without the text is the caller's business.
 */
public final class Utf8 {
  private Utf8() {}

  /** The text {@code bytes} encode, or empty when they are not valid UTF-8. */
  public static Optional<String> decode(byte[] bytes) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
