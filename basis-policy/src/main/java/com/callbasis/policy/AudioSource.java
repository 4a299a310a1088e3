package com.callbasis.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a policy's notice recordings are read from: the policy file's directory, or for the embedded
 * example the jar's {@code com/callbasis/policy/} package. Every read is bounded.
 */
interface AudioSource {
    /** Why a recording cannot be read; the message is worded for the operator. */
    final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    /** The file's bytes, at most {@code limit} of them. */
    byte[] read(String file, int limit) throws Unreadable;

    /** Files relative to a directory (the policy file's; the working directory for policy text). */
    static AudioSource directory(Path base) {
        return (file, limit) -> {
            Path p;
            try {
                p = Path.of(file);
            } catch (java.nio.file.InvalidPathException e) {
                throw new Unreadable("not a file name: " + e.getReason());
            }
            if (p.isAbsolute()) {
                throw new Unreadable("an absolute path; audio paths are relative to the policy file's directory");
            }
            Path f = base.resolve(p).normalize();
            if (!Files.isRegularFile(f)) {
                throw new Unreadable("no such file (" + f + ")");
            }
            try (InputStream in = Files.newInputStream(f)) {
                return bounded(in, limit);
            } catch (IOException e) {
                throw new Unreadable("cannot be read (" + f + "): " + e.getMessage());
            }
        };
    }

    /** Resources relative to the package of {@link PolicyLoader} (the embedded example). */
    static AudioSource classpath() {
        return (file, limit) -> {
            if (file.startsWith("/") || java.util.Arrays.asList(file.split("/")).contains("..")) {
                throw new Unreadable("must be relative to com/callbasis/policy/ without ..");
            }
            try (InputStream in = PolicyLoader.class.getResourceAsStream(file)) {
                if (in == null) {
                    throw new Unreadable("no such resource (com/callbasis/policy/" + file + ")");
                }
                return bounded(in, limit);
            } catch (IOException e) {
                throw new Unreadable("cannot be read: " + e.getMessage());
            }
        };
    }

    private static byte[] bounded(InputStream in, int limit) throws IOException, Unreadable {
        byte[] b = in.readNBytes(limit + 1);
        if (b.length > limit) {
            throw new Unreadable("larger than " + limit + " bytes, more than the longest notice allowed can need");
        }
        return b;
    }
}
