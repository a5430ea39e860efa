package org.jdistcc.protocol;

/**
 * The volunteer's answer to a protocol 3 request: what protocol 2 answers, plus the dependency file
 * the volunteer's preprocessor wrote, already in the client's paths. The dependency file is sent
 * only when the compile succeeded; otherwise it is empty.
 *
 * @param result status, messages and object, with version {@link ProtocolVersion#PUMP}
 * @param dependencies the .d file's bytes (DOTD); empty when the compile failed
 */
public record PumpResponse(CompileResponse result, byte[] dependencies) {
  public PumpResponse {
    if (result.version() != ProtocolVersion.PUMP) {
      throw new IllegalArgumentException("a pump response carries protocol 3");
    }
  }
}
