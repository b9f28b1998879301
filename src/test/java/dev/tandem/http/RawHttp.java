package dev.tandem.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 requests written by hand: Java's HttpClient will not send a Host header of our choosing, nor a body in
 * chunks of our choosing, and an attacker's client sends whatever it likes.
 */
public final class RawHttp {

    public record Response(int status, String head, String body) {

        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }
    }

    private final int port;

    public RawHttp(int port) {
        this.port = port;
    }

    /** One request: the request line, these header lines, and the body with its Content-Length (none when null). */
    public Response send(String method, String path, String body, String... headers) throws IOException {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nConnection: close\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            head.append("Content-Length: ").append(content.length).append("\r\n");
        }
        head.append("\r\n");
        return exchange(head.toString().getBytes(StandardCharsets.UTF_8), content);
    }

    /** A body sent in chunks of {@code chunkBytes}, without a Content-Length. */
    public Response sendChunked(String method, String path, String body, int chunkBytes, String... headers)
            throws IOException {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nConnection: close\r\n"
                + "Transfer-Encoding: chunked\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        for (int from = 0; from < content.length; from += chunkBytes) {
            int length = Math.min(chunkBytes, content.length - from);
            chunks.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunks.write(content, from, length);
            chunks.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunks.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return exchange(head.toString().getBytes(StandardCharsets.UTF_8), chunks.toByteArray());
    }

    private Response exchange(byte[] head, byte[] content) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head);
            try {
                out.write(content);
                out.flush();
            } catch (IOException closedEarly) {
                // the server may answer and close before the whole body arrived (413): read what it said
            }
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String headPart = end < 0 ? text : text.substring(0, end);
            String body = end < 0 ? "" : text.substring(end + 4);
            return new Response(Integer.parseInt(text.substring(9, 12)), headPart, body);
        }
    }
}
