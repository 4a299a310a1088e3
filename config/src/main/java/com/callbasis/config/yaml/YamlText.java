package com.callbasis.config.yaml;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a file that should hold YAML text, and says in words what is wrong when it does not: a folder
 * given instead of the file, a file the process may not read, a binary file. The JDK's own answers
 * ("IOException", "MalformedInputException") name neither the problem nor the fix (issue 12, item 12).
 *
 * <p>{@code kind} names what the file should be ("configuration file", "policy file") and
 * {@code example} a typical name of one ("gateway.yaml"); both go into the messages.
 */
public final class YamlText {
    private YamlText() {
    }

    /** The file's text; on failure one problem at line 0 (the file has no position yet) and empty. */
    public static Optional<String> read(Path file, String kind, String example, Problems problems) {
        try {
            return Optional.of(readOrThrow(file, kind, example));
        } catch (Unreadable e) {
            problems.error(0, "", e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * What is wrong with the file as a phrase to put after its name ({@code FILE: is a directory, ...}),
     * or empty when it is readable YAML text; for commands that refuse a file before loading it.
     */
    public static Optional<String> problem(Path file, String kind, String example) {
        try {
            readOrThrow(file, kind, example);
            return Optional.empty();
        } catch (Unreadable e) {
            return Optional.of(e.getMessage());
        }
    }

    private static String readOrThrow(Path file, String kind, String example) throws Unreadable {
        if (Files.isDirectory(file)) {
            throw new Unreadable("is a directory, not a " + kind + " (give the YAML file, e.g. " + example + ")");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new Unreadable("no such file (give the path of the " + kind + ", e.g. " + example + ")");
        } catch (AccessDeniedException e) {
            throw new Unreadable("permission denied: user " + System.getProperty("user.name")
                    + " may not read it (check the file's owner and mode)");
        } catch (IOException e) {
            throw new Unreadable("cannot be read: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw notText(kind, example);
        }
        if (text.indexOf('\0') >= 0) { // valid UTF-8, but no text file holds NUL
            throw notText(kind, example);
        }
        return text;
    }

    private static Unreadable notText(String kind, String example) {
        return new Unreadable("is not a text (UTF-8) YAML file (give the " + kind + ", e.g. " + example + ")");
    }

    /** Carries one message out of {@link #readOrThrow}; never leaves this class. */
    private static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message, null, false, false);
        }
    }
}
