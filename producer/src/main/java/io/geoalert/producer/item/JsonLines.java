package io.geoalert.producer.item;

import io.geoalert.model.InvalidNewsItemException;
import io.geoalert.model.NewsItem;
import io.geoalert.model.NewsItemReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The one reader of JSON lines of NewsItems (files, stdin, pushed bodies, dropped files): each
 * non-blank line is an item or a refusal naming its line number and the reason. Lines end at
 * {@code \n}, {@code \r\n} or {@code \r}; the last may have no terminator. UTF-8 is decoded
 * strictly: a malformed line is refused, never read with replacement characters that would
 * change the text rules match on.
 */
public final class JsonLines {

    /** One non-blank line: an {@link Item} or a {@link Refusal}. */
    public sealed interface Line permits Item, Refusal {
        /** The line's number in the input, from 1, counting blank lines too. */
        long number();
    }

    /** A line that is a valid NewsItem. */
    public record Item(long number, NewsItem item) implements Line {}

    /**
     * A line that is not a valid NewsItem.
     *
     * @param raw the line's bytes, without its terminator, as they are set aside
     * @param notUtf8 the line is not valid UTF-8 (so it was not parsed at all)
     * @param unterminated the line is the input's last and has no terminator: perhaps cut off mid-write
     */
    public record Refusal(
            long number, byte[] raw, InvalidNewsItemException reason, boolean notUtf8, boolean unterminated)
            implements Line {}

    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private boolean ended;
    private long number;
    private boolean afterCr; // a \n right after a \r ends no second line

    /** Reads {@code in}, which the caller closes. */
    public JsonLines(InputStream in) {
        this.in = in;
    }

    /** Every non-blank line of {@code content}, in order. */
    public static List<Line> readAll(byte[] content) {
        JsonLines reader = new JsonLines(new ByteArrayInputStream(content));
        List<Line> lines = new ArrayList<>();
        try {
            for (Line line = reader.next(); line != null; line = reader.next()) {
                lines.add(line);
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading bytes in memory cannot fail", e);
        }
        return lines;
    }

    /** The next non-blank line, or null at the end of the input. */
    public Line next() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (!ended) {
            if (position == limit && !fill()) {
                ended = true;
                return line.size() == 0 ? null : parse(++number, line.toByteArray(), true);
            }
            byte b = buffer[position++];
            boolean crlf = b == '\n' && afterCr;
            afterCr = b == '\r';
            if (crlf) {
                continue;
            }
            if (b == '\n' || b == '\r') {
                Line parsed = parse(++number, line.toByteArray(), false);
                if (parsed != null) {
                    return parsed;
                }
                line.reset();
            } else {
                line.write(b);
            }
        }
        return null;
    }

    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buffer);
        } while (n == 0);
        position = 0;
        limit = Math.max(n, 0);
        return n > 0;
    }

    /** The line read, or null when it is blank. */
    private static Line parse(long number, byte[] raw, boolean unterminated) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
        } catch (CharacterCodingException e) {
            return new Refusal(
                    number, raw, new InvalidNewsItemException(null, "the line is not valid UTF-8"), true, unterminated);
        }
        if (text.isBlank()) {
            return null;
        }
        try {
            return new Item(number, NewsItemReader.read(raw));
        } catch (InvalidNewsItemException e) {
            return new Refusal(number, raw, e, false, unterminated);
        }
    }
}
