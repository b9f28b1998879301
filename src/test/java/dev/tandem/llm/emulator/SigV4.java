package dev.tandem.llm.emulator;

import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks an AWS Signature Version 4 the way AWS does: the scope names the expected access key, region and service,
 * and the signature recomputed with the expected secret over the request as received matches. Written from the
 * SigV4 specification (canonical request, string to sign, derived key), independent of the SDK that signed.
 */
final class SigV4 {

    private static final Pattern AUTHORIZATION = Pattern.compile("AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/"
            + "([^/]+)/([^/]+)/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})");

    private final String accessKey;
    private final String secretKey;
    private final String region;
    private final String service;

    SigV4(String accessKey, String secretKey, String region, String service) {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.region = region;
        this.service = service;
    }

    String region() {
        return region;
    }

    /** What is wrong with the request's signature, or nothing when AWS would accept it. */
    Optional<String> problem(HttpServerRequest request, byte[] body) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null) {
            return Optional.of("no Authorization header (an unsigned request)");
        }
        Matcher m = AUTHORIZATION.matcher(authorization);
        if (!m.matches()) {
            return Optional.of("an Authorization header that is not SigV4: " + authorization);
        }
        String expectedScope = accessKey + "/" + region + "/" + service;
        String scope = m.group(1) + "/" + m.group(3) + "/" + m.group(4);
        if (!scope.equals(expectedScope)) {
            return Optional.of("credential scope " + scope + " where the configuration says " + expectedScope);
        }
        String amzDate = request.getHeader("X-Amz-Date");
        if (amzDate == null || !amzDate.startsWith(m.group(2))) {
            return Optional.of("X-Amz-Date " + amzDate + " does not match the credential date " + m.group(2));
        }
        String signedHeaders = m.group(5);
        String canonicalRequest = String.join("\n", request.method().name(), canonicalUri(request.path()),
                canonicalQuery(request.query()), canonicalHeaders(request, signedHeaders), signedHeaders,
                payloadHash(request, body));
        String credentialScope = m.group(2) + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = String.join("\n", "AWS4-HMAC-SHA256", amzDate, credentialScope,
                hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), m.group(2));
        key = hmac(hmac(hmac(key, region), service), "aws4_request");
        String signature = hex(hmac(key, stringToSign));
        return signature.equals(m.group(6)) ? Optional.empty()
                : Optional.of("a signature that does not verify with the configured secret key");
    }

    /** Services other than S3 encode the already encoded path once more. */
    private static String canonicalUri(String rawPath) {
        StringBuilder out = new StringBuilder();
        for (byte b : rawPath.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c == '/' || c == '-' || c == '_' || c == '.' || c == '~' || Character.isLetterOrDigit(c) && c < 128) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String canonicalQuery(String query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        return Arrays.stream(query.split("&")).map(p -> p.contains("=") ? p : p + "=").sorted()
                .collect(Collectors.joining("&"));
    }

    private static String canonicalHeaders(HttpServerRequest request, String signedHeaders) {
        StringBuilder out = new StringBuilder();
        for (String name : signedHeaders.split(";")) {
            String value = request.headers().getAll(name).stream().map(v -> v.strip().replaceAll(" +", " "))
                    .collect(Collectors.joining(","));
            if (value.isEmpty() && name.equalsIgnoreCase("host") && request.authority() != null) {
                // HTTP/2 (the SDK's async client) carries the host as :authority
                value = request.authority().host() + ":" + request.authority().port();
            }
            out.append(name.toLowerCase(Locale.ROOT)).append(':').append(value).append('\n');
        }
        return out.toString();
    }

    private static String payloadHash(HttpServerRequest request, byte[] body) {
        String declared = request.getHeader("x-amz-content-sha256");
        return declared != null ? declared : hex(sha256(body));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
