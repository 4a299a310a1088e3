package com.callbasis.config.yaml;

/**
 * One thing wrong with a configuration or policy file, located for a human: {@code file:line: path: message}.
 *
 * @param file the file's name as the user gave it
 * @param line 1-based line number, 0 when the problem has no position (then left out of {@link #toString})
 * @param path dotted path to the key (e.g. {@code listeners[1].port}) or a rule id
 * @param message what is wrong, phrased so the reader knows what to change
 */
public record Problem(String file, int line, String path, String message) {
    @Override
    public String toString() {
        // Line 0: about the whole file (a folder, a binary file), which has no line to go to.
        return file + (line == 0 ? "" : ":" + line) + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
