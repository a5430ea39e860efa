package org.jdistcc.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for the records {@link TraceRecord} writes (and, in tests, the Chrome trace
 * distccmon-text makes from them): objects become maps, arrays lists, numbers longs or doubles,
 * strings strings. Not a general-purpose parser (no streaming, no big numbers), and strict:
 * anything malformed is an IllegalArgumentException naming where.
 */
public final class Json {
  private final String text;
  private int i;

  private Json(String text) {
    this.text = text;
  }

  public static Object parse(String text) {
    Json json = new Json(text);
    Object value = json.value();
    json.space();
    if (json.i != text.length()) {
      throw json.error("text after the value");
    }
    return value;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at offset " + i);
  }

  private void space() {
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
  }

  private Object value() {
    space();
    if (i >= text.length()) {
      throw error("unexpected end");
    }
    char c = text.charAt(i);
    if (c == '{') {
      return object();
    } else if (c == '[') {
      return array();
    } else if (c == '"') {
      return string();
    } else if (text.startsWith("true", i)) {
      i += 4;
      return Boolean.TRUE;
    } else if (text.startsWith("false", i)) {
      i += 5;
      return Boolean.FALSE;
    } else if (text.startsWith("null", i)) {
      i += 4;
      return null;
    }
    return number();
  }

  private Map<String, Object> object() {
    Map<String, Object> map = new LinkedHashMap<>();
    i++;
    space();
    if (i < text.length() && text.charAt(i) == '}') {
      i++;
      return map;
    }
    while (true) {
      space();
      if (i >= text.length() || text.charAt(i) != '"') {
        throw error("expected a key");
      }
      String key = string();
      space();
      expect(':');
      map.put(key, value());
      space();
      if (i < text.length() && text.charAt(i) == ',') {
        i++;
      } else {
        expect('}');
        return map;
      }
    }
  }

  private List<Object> array() {
    List<Object> list = new ArrayList<>();
    i++;
    space();
    if (i < text.length() && text.charAt(i) == ']') {
      i++;
      return list;
    }
    while (true) {
      list.add(value());
      space();
      if (i < text.length() && text.charAt(i) == ',') {
        i++;
      } else {
        expect(']');
        return list;
      }
    }
  }

  private void expect(char c) {
    if (i >= text.length() || text.charAt(i) != c) {
      throw error("expected '" + c + "'");
    }
    i++;
  }

  private String string() {
    StringBuilder b = new StringBuilder();
    i++;
    while (true) {
      if (i >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(i++);
      if (c == '"') {
        return b.toString();
      }
      if (c == '\\') {
        if (i >= text.length()) {
          throw error("unterminated escape");
        }
        char e = text.charAt(i++);
        switch (e) {
          case '"', '\\', '/' -> b.append(e);
          case 'n' -> b.append('\n');
          case 'r' -> b.append('\r');
          case 't' -> b.append('\t');
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'u' -> {
            if (i + 4 > text.length()) {
              throw error("short \\u escape");
            }
            b.append((char) Integer.parseInt(text.substring(i, i + 4), 16));
            i += 4;
          }
          default -> throw error("bad escape");
        }
      } else if (c < 0x20) {
        throw error("control character in string");
      } else {
        b.append(c);
      }
    }
  }

  private Number number() {
    int start = i;
    while (i < text.length() && "+-0123456789.eE".indexOf(text.charAt(i)) >= 0) {
      i++;
    }
    String n = text.substring(start, i);
    if (n.isEmpty()) {
      throw error("unexpected character");
    }
    try {
      return n.matches("-?\\d+") ? (Number) Long.parseLong(n) : (Number) Double.parseDouble(n);
    } catch (NumberFormatException e) {
      throw error("bad number " + n);
    }
  }
}
