package com.callbasis.config.yaml;

import java.util.ArrayList;
import java.util.List;

/** Collects problems while a file is read, so that a user sees every one of them at once. */
public final class Problems {
    private final String file;
    private final List<Problem> errors = new ArrayList<>();
    private final List<Problem> warnings = new ArrayList<>();

    public Problems(String file) {
        this.file = file;
    }

    public String file() {
        return file;
    }

    public void error(int line, String path, String message) {
        errors.add(new Problem(file, line, path, message));
    }

    public void warning(int line, String path, String message) {
        warnings.add(new Problem(file, line, path, message));
    }

    public List<Problem> errors() {
        return List.copyOf(errors);
    }

    public List<Problem> warnings() {
        return List.copyOf(warnings);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Throws when any error was recorded. */
    public void throwIfAny() throws ConfigException {
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }
}
