package com.callbasis.store.objects;

import java.util.regex.Pattern;

/** Key syntax shared by stores; strict so a key can never escape the store root. */
final class ObjectKeys {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
  static final int MAX_LENGTH = 1024;
  /** Suffix of in-progress objects; a key segment may not end with it. */
  static final String IN_PROGRESS = ".partial";

  private ObjectKeys() {}

  static String check(String key) {
    if (key == null || key.isEmpty() || key.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("invalid object key (empty or too long)");
    }
    for (String segment : key.split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches() || segment.endsWith(IN_PROGRESS)) {
        throw new IllegalArgumentException("invalid object key: " + key);
      }
    }
    return key;
  }
}
