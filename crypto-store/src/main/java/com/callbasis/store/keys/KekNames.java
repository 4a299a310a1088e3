package com.callbasis.store.keys;

import java.util.regex.Pattern;

/** KEK names are tenant ids or pseudonymous subject keys; never personal data in the clear. */
final class KekNames {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,200}");

  private KekNames() {}

  static String check(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid KEK name (allowed: [A-Za-z0-9._:@/+=-], 1-200 chars)");
    }
    return name;
  }
}
