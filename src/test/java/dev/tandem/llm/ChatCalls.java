package dev.tandem.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RunningTandem;
import dev.tandem.llm.emulator.EmulatedRequest;

/**
 * What a client of {@code /v1/chat/completions} does and reads, for black-box tests of the hybrid flow: no
 * production class is needed to send a request or read its answer.
 */
final class ChatCalls {

    static final ObjectMapper JSON = new ObjectMapper();

    private ChatCalls() {
    }

    /** {@code headers}: more request headers as name, value pairs. */
    static HttpResponse<String> chat(RunningTandem tandem, Map<String, Object> body, String... headers)
            throws Exception {
        return tandem.post("/v1/chat/completions", "application/json", JSON.writeValueAsString(body), headers);
    }

    static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    static List<Map<String, String>> user(String text) {
        return List.of(Map.of("role", "user", "content", text));
    }

    /** The executed plan as {@code name:outcome} strings. */
    static List<String> steps(JsonNode body) {
        List<String> steps = new ArrayList<>();
        body.at("/tandem/plan/steps").forEach(s -> steps.add(s.get("name").asText() + ":" + s.get("outcome").asText()));
        return steps;
    }

    /** The chat calls an emulator received, leaving out model descriptions and listings. */
    static List<EmulatedRequest> chatCalls(List<EmulatedRequest> received) {
        return received.stream().filter(r -> r.path().endsWith("/chat") || r.path().endsWith("/chat/completions")
                || r.path().endsWith("/converse")).toList();
    }

    /** A counter's value in Prometheus text, 0 when it was never written. */
    static double counter(RunningTandem tandem, String name, String label, String value) throws Exception {
        String metrics = tandem.get("/observe/metrics").body();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*" + Pattern.quote(label + "=\"" + value
                + "\"") + "[^}]*} (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
