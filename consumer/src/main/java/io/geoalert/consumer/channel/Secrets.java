package io.geoalert.consumer.channel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a secret as written in a subscription: a literal, {@code ${env:NAME}} (an environment
 * variable) or {@code ${file:PATH}} (a file's content, one trailing line break dropped, as an editor
 * or {@code echo} leaves it). Errors name the setting and the reference, never the secret.
 */
public final class Secrets {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]*)}");

    private final Function<String, String> environment;

    /** Reads {@code ${env:...}} from {@code environment} (a map's {@code get} in tests). */
    public Secrets(Function<String, String> environment) {
        this.environment = environment;
    }

    /** Reads {@code ${env:...}} from the process environment. */
    public static Secrets fromSystem() {
        return new Secrets(System::getenv);
    }

    /** Whether {@code value} is a reference rather than a literal. */
    public static boolean isReference(String value) {
        return value != null && REFERENCE.matcher(value).matches();
    }

    /**
     * The secret {@code value} stands for.
     *
     * @param field the setting's name, for the error, e.g. {@code channel.secrets[0]}
     * @throws IllegalArgumentException naming {@code field} when the value is missing or empty, or
     *     a reference does not resolve to a non-empty secret
     */
    public String resolve(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        Matcher reference = REFERENCE.matcher(value);
        if (!reference.matches()) {
            if (value.startsWith("${")) {
                // a typo such as ${ENV:X} or ${vault:X} must not be taken as the secret itself
                throw new IllegalArgumentException(
                        field + " looks like a reference but is neither ${env:NAME} nor ${file:PATH}");
            }
            return value;
        }
        String kind = reference.group(1);
        String name = reference.group(2).trim();
        if (name.isEmpty()) {
            throw new IllegalArgumentException(field + ": ${" + kind + ":} names nothing");
        }
        String secret = kind.equals("env") ? environment.apply(name) : readFile(field, name);
        if (secret == null) {
            throw new IllegalArgumentException(field + ": environment variable " + name + " is not set");
        }
        if (secret.isEmpty()) {
            throw new IllegalArgumentException(field + ": ${" + kind + ":" + name + "} is empty");
        }
        return secret;
    }

    private static String readFile(String field, String path) {
        try {
            String content = Files.readString(Path.of(path), StandardCharsets.UTF_8);
            if (content.endsWith("\r\n")) {
                return content.substring(0, content.length() - 2);
            }
            return content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(field + ": cannot read secret file " + path + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
