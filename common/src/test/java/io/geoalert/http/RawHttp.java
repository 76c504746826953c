package io.geoalert.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw socket client, for requests the JDK client will not send (a foreign Host, a stalled body). */
final class RawHttp {

    private RawHttp() {}

    /** Writes {@code request} as is and returns what comes back until the server closes or answers in full. */
    static String exchange(int port, String request, int timeoutMs) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(timeoutMs);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                    if (complete(out.toString(StandardCharsets.ISO_8859_1))) {
                        break;
                    }
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // reset or timed out: return what came
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static boolean complete(String text) {
        int headersEnd = text.indexOf("\r\n\r\n");
        if (headersEnd < 0) {
            return false;
        }
        String headers = text.substring(0, headersEnd).toLowerCase(java.util.Locale.ROOT);
        int at = headers.indexOf("content-length:");
        if (at < 0) {
            return true;
        }
        int end = headers.indexOf("\r\n", at);
        long length = Long.parseLong(
                headers.substring(at + 15, end < 0 ? headers.length() : end).trim());
        return text.length() - headersEnd - 4 >= length;
    }
}
