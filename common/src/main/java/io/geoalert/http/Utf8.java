package io.geoalert.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding of what clients send: a malformed sequence is a 400 naming where it
 * is, never a silent replacement character that would change the text we alert on.
 */
public final class Utf8 {

    private Utf8() {}

    /**
     * Decodes {@code bytes}, refusing malformed or truncated sequences.
     *
     * @param what what the bytes are, for the error message, e.g. {@code request body}
     * @throws ApiException 400 naming {@code what} and the byte offset
     */
    public static String decode(byte[] bytes, String what) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isUnderflow()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw ApiException.badRequest(
                    null, what + " is not valid UTF-8 (malformed bytes at offset " + in.position() + ")");
        }
        return out.flip().toString();
    }
}
