package io.geoalert.consumer.subscription;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A secret setting as written in a subscription — a literal, or a reference resolved each time it
 * is used: {@code ${env:NAME}} (an environment variable) or {@code ${file:PATH}} (a file's content,
 * e.g. a mounted Kubernetes or Docker secret, without its trailing newline). A reference is not
 * the secret, so it may be shown; a literal never is (see {@link Subscriptions#masked}).
 */
public final class SecretRef {

    /** What {@code GET} shows in place of a literal secret. */
    public static final String MASK = "****";

    /** The largest secret file read: a secret is a line, not a document. */
    static final int MAX_FILE_BYTES = 64 * 1024;

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z]*):(.*)}", Pattern.DOTALL);
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private final Function<String, String> environment;

    /** Resolves {@code ${env:NAME}} with {@code environment} (tests pass a map; see {@link #system()}). */
    public SecretRef(Function<String, String> environment) {
        this.environment = environment;
    }

    /** Resolves against this process's environment. */
    public static SecretRef system() {
        return new SecretRef(System::getenv);
    }

    /** True when {@code written} is a reference ({@code ${...}}) rather than a literal. */
    public static boolean isReference(String written) {
        return written != null && written.startsWith("${");
    }

    /** Why {@code written} cannot be a secret setting, or {@code null} when it can (checked when read, not resolved). */
    public static String problem(String written) {
        if (written == null || written.isBlank()) {
            return "must not be empty";
        }
        if (written.equals(MASK)) {
            return "is the mask '" + MASK + "' that answers show in place of a secret; give the secret or a reference";
        }
        if (!isReference(written)) {
            return null;
        }
        Matcher m = REFERENCE.matcher(written);
        if (!m.matches()) {
            return "'" + written + "' is not a reference; write ${env:NAME} or ${file:PATH}";
        }
        String kind = m.group(1);
        String target = m.group(2);
        return switch (kind) {
            case "env" ->
                ENV_NAME.matcher(target).matches()
                        ? null
                        : "'" + written + "' does not name an environment variable (letters, digits and '_')";
            case "file" ->
                target.isBlank() || target.chars().anyMatch(Character::isISOControl)
                        ? "'" + written + "' does not name a file"
                        : null;
            default ->
                "'" + written + "' is an unknown kind of reference '" + kind + "'; write ${env:NAME} or ${file:PATH}";
        };
    }

    /**
     * The secret {@code written} stands for: itself when a literal, else what it refers to, read now.
     *
     * @param setting the setting's name, e.g. {@code channel.secrets[0]}, for the error
     * @throws IllegalArgumentException naming the setting and the reference (never a secret) when it does not resolve
     */
    public String resolve(String setting, String written) {
        String problem = problem(written);
        if (problem != null) {
            throw new IllegalArgumentException(setting + " " + problem);
        }
        if (!isReference(written)) {
            return written;
        }
        Matcher m = REFERENCE.matcher(written);
        if (!m.matches()) {
            throw new IllegalStateException("a checked reference did not match: " + setting);
        }
        String target = m.group(2);
        String value = m.group(1).equals("env")
                ? fromEnvironment(setting, written, target)
                : fromFile(setting, written, target);
        if (value.isBlank()) {
            throw unresolved(setting, written, "it is empty");
        }
        return value;
    }

    private String fromEnvironment(String setting, String written, String name) {
        String value = environment.apply(name);
        if (value == null) {
            throw unresolved(setting, written, "environment variable " + name + " is not set");
        }
        return value;
    }

    private static String fromFile(String setting, String written, String file) {
        Path path = Path.of(file);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw unresolved(setting, written, "no such file");
        } catch (IOException | SecurityException e) {
            throw unresolved(
                    setting, written, "the file cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw unresolved(setting, written, "the file is larger than " + MAX_FILE_BYTES + " bytes");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw unresolved(setting, written, "the file is not UTF-8 text");
        }
        // files written by `echo` or editors end in a newline that is not part of the secret
        return text.replaceAll("[\\r\\n]+$", "");
    }

    private static IllegalArgumentException unresolved(String setting, String written, String why) {
        return new IllegalArgumentException(setting + ": " + written + " does not resolve: " + why);
    }
}
