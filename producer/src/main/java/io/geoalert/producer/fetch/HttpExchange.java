package io.geoalert.producer.fetch;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 GET on a socket connected to an address chosen by the caller (so the address
 * checked is the address used), with a deadline that covers connect, headers and body: a
 * watchdog closes the socket when it passes, so a server that trickles bytes cannot hold a fetch.
 * The JDK's HttpClient resolves names itself and has no whole-request deadline for bodies, hence this.
 */
final class HttpExchange {

    /** A response: status, headers (first value per name, case-insensitive) and body (decoded, within the cap). */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name);
        }
    }

    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 200;
    private static final ScheduledExecutorService WATCHDOG = watchdog();

    private static ScheduledExecutorService watchdog() {
        java.util.concurrent.ScheduledThreadPoolExecutor executor =
                new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
                    Thread t = new Thread(r, "geoalert-fetch-deadline");
                    t.setDaemon(true);
                    return t;
                });
        executor.setRemoveOnCancelPolicy(true); // most fetches finish in time: do not keep their alarms queued
        return executor;
    }

    private HttpExchange() {}

    /**
     * GETs {@code uri} from {@code address}; reads the body only when {@code status == 200}.
     *
     * @param deadlineNanos a {@link System#nanoTime()} instant after which the exchange is abandoned
     */
    static Response get(
            URI uri,
            InetAddress address,
            Map<String, String> headers,
            FetchLimits limits,
            long deadlineNanos,
            SSLSocketFactory tls)
            throws IOException, DeadlineException, TooLargeException {
        String host = uri.getHost();
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        long left = remainingMillis(deadlineNanos);
        Socket socket = new Socket();
        java.util.concurrent.atomic.AtomicBoolean expired = new java.util.concurrent.atomic.AtomicBoolean();
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(
                () -> {
                    expired.set(true);
                    closeQuietly(socket);
                },
                left,
                TimeUnit.MILLISECONDS);
        try (socket) {
            socket.connect(new InetSocketAddress(address, port), (int)
                    Math.min(left, limits.connectTimeout().toMillis()));
            if (!address.equals(socket.getInetAddress())) {
                throw new IOException("connected to " + socket.getInetAddress() + ", not the address checked");
            }
            socket.setSoTimeout((int) Math.max(1, remainingMillis(deadlineNanos)));
            Socket channel = https ? tls(socket, host, port, tls) : socket;
            OutputStream out = channel.getOutputStream();
            out.write(request(uri, host, port, https, headers));
            out.flush();
            InputStream in = new BufferedInputStream(channel.getInputStream());
            String statusLine = line(in);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x answer: " + abbreviate(statusLine));
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("not an HTTP status: " + abbreviate(statusLine));
            }
            Map<String, String> responseHeaders = headers(in);
            byte[] body = status == 200 ? body(in, responseHeaders, limits.maxBytes()) : new byte[0];
            return new Response(status, responseHeaders, body);
        } catch (IOException e) {
            if (expired.get()
                    || e instanceof java.net.SocketTimeoutException
                    || System.nanoTime() - deadlineNanos >= 0) {
                throw new DeadlineException();
            }
            throw e;
        } finally {
            watchdog.cancel(false);
        }
    }

    /** The whole-request deadline passed. */
    static final class DeadlineException extends Exception {
        private static final long serialVersionUID = 1L;
    }

    /** The body is over the cap. */
    static final class TooLargeException extends Exception {
        private static final long serialVersionUID = 1L;
    }

    private static Socket tls(Socket plain, String host, int port, SSLSocketFactory factory) throws IOException {
        SSLSocket ssl = (SSLSocket) factory.createSocket(plain, host, port, true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!host.startsWith("[") && !host.matches("[0-9.]+")) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        ssl.setSSLParameters(parameters);
        ssl.startHandshake();
        return ssl;
    }

    private static byte[] request(URI uri, String host, int port, boolean https, Map<String, String> headers) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        boolean defaultPort = port == (https ? 443 : 80);
        StringBuilder request = new StringBuilder("GET ")
                .append(target)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(host)
                .append(defaultPort ? "" : ":" + port)
                .append("\r\n")
                .append("Connection: close\r\n");
        headers.forEach((name, value) -> {
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("header " + name + " holds a line break");
            }
            request.append(name).append(": ").append(value).append("\r\n");
        });
        return request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Map<String, String> headers(InputStream in) throws IOException {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int count = 0; ; count++) {
            String line = line(in);
            if (line.isEmpty()) {
                return headers;
            }
            if (count >= MAX_HEADERS) {
                throw new IOException("more than " + MAX_HEADERS + " response headers");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(
                        line.substring(0, colon).trim(),
                        line.substring(colon + 1).trim());
            }
        }
    }

    private static byte[] body(InputStream in, Map<String, String> headers, long maxBytes)
            throws IOException, TooLargeException {
        InputStream raw;
        String transfer = headers.getOrDefault("Transfer-Encoding", "");
        if (transfer.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
            raw = new ChunkedInputStream(in);
        } else if (headers.containsKey("Content-Length")) {
            long length;
            try {
                length = Long.parseLong(headers.get("Content-Length"));
            } catch (NumberFormatException e) {
                throw new IOException(
                        "a Content-Length that is not a number: " + abbreviate(headers.get("Content-Length")));
            }
            if (length > maxBytes) {
                throw new TooLargeException();
            }
            raw = new BoundedInputStream(in, length);
        } else {
            raw = in; // Connection: close, so the body ends with the connection
        }
        String encoding = headers.getOrDefault("Content-Encoding", "").toLowerCase(java.util.Locale.ROOT);
        InputStream decoded = encoding.contains("gzip") ? new GZIPInputStream(raw) : raw;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16384];
        for (int n = decoded.read(buffer); n >= 0; n = decoded.read(buffer)) {
            out.write(buffer, 0, n);
            if (out.size() > maxBytes) {
                throw new TooLargeException();
            }
        }
        return out.toByteArray();
    }

    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection closed in the middle of the response head");
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("a response line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static long remainingMillis(long deadlineNanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the deadline passed; the reader sees the closed socket
        }
    }

    /** A stream that reads in blocks; single bytes go through the block read. */
    private abstract static class BlockInputStream extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public abstract int read(byte[] b, int off, int len) throws IOException;
    }

    /** At most {@code length} bytes of the underlying stream. */
    private static final class BoundedInputStream extends BlockInputStream {
        private final InputStream in;
        private long left;

        BoundedInputStream(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("the connection closed " + left + " bytes before the announced Content-Length");
            }
            left -= n;
            return n;
        }
    }

    /** The body of a {@code Transfer-Encoding: chunked} response. */
    private static final class ChunkedInputStream extends BlockInputStream {
        private final InputStream in;
        private long chunkLeft;
        private boolean done;

        ChunkedInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (chunkLeft == 0) {
                String size = line(in);
                int semicolon = size.indexOf(';');
                try {
                    chunkLeft = Long.parseLong((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("a malformed chunk size: " + abbreviate(size));
                }
                if (chunkLeft < 0) {
                    throw new IOException("a negative chunk size");
                }
                if (chunkLeft == 0) {
                    done = true; // trailers, if any, are not needed
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw new IOException("the connection closed inside a chunk");
            }
            chunkLeft -= n;
            if (chunkLeft == 0) {
                line(in); // the CRLF closing the chunk
            }
            return n;
        }
    }
}
