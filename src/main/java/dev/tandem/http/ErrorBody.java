package dev.tandem.http;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.tandem.config.Secrets;

/**
 * The error body of Tandem's HTTP API in the shape OpenAI's SDKs read: {@code {"error": {"message", "type", "param",
 * "code"}}}, {@code param} the request field at fault and {@code code} a word for the kind of error, each null when
 * there is none. Every secret in the message is masked.
 */
public final class ErrorBody {

    private ErrorBody() {
    }

    public static Map<String, Object> of(String message, String type, String param, String code) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", Secrets.maskText(message));
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        return body;
    }
}
