package dev.tandem.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Against the tree reader, on bodies whose strings hold quotes, backslashes, brackets and the word tools, written
 * compact and pretty, then broken by one edit: once the kept text is parsed, the result is the tree reader's, and a
 * body is refused exactly when the tree reader refuses it.
 */
class RawFieldsPropertiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> TEXTS = List.of("", "tools", "\"tools\": [", "a \"quoted\" ]", "back\\slash",
            "\\\"", "]}", "[{", "météo ☂", "\u0000", "\n\t", "{\"tools\": [1]}");
    private static final List<String> EDITS = List.of("\"", "\\", "[", "]", "{", "}", ",", ":", " ", "x", "");

    private static Optional<JsonNode> tree(byte[] body) {
        try {
            return Optional.of(JSON.readTree(body));
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }

    @Property(tries = 2000)
    void should_read_any_body_as_the_tree_reader_does(@ForAll("bodies") String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        assertThat(RawFieldsTest.resolved(bytes)).isEqualTo(tree(bytes));
    }

    @Property(tries = 3000)
    void should_refuse_exactly_the_broken_bodies_the_tree_reader_refuses(@ForAll("bodies") String body,
            @ForAll("edits") String edit, @ForAll double where, @ForAll boolean replace) {
        int at = (int) (Math.abs(where) % 1 * body.length());
        byte[] broken = (body.substring(0, at) + edit + body.substring(Math.min(body.length(), at + (replace ? 1 : 0))))
                .getBytes(StandardCharsets.UTF_8);

        assertThat(RawFieldsTest.resolved(broken)).isEqualTo(tree(broken));
    }

    @Provide
    Arbitrary<String> edits() {
        return Arbitraries.of(EDITS);
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<ObjectNode> object = Combinators.combine(value(3), value(2), value(3), Arbitraries.of(true, false))
                .as((tools, model, messages, toolsFirst) -> {
                    ObjectNode body = NODES.objectNode();
                    if (toolsFirst) {
                        body.set("tools", tools);
                    }
                    body.set("model", model);
                    body.set("messages", messages);
                    if (!toolsFirst) {
                        body.set("tools", tools);
                    }
                    return body;
                });
        return Combinators.combine(object, Arbitraries.of(true, false)).as((body, pretty) -> {
            try {
                return pretty ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body) : body.toString();
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static Arbitrary<JsonNode> value(int depth) {
        Arbitrary<JsonNode> leaf = Arbitraries.oneOf(Arbitraries.of(TEXTS).map(NODES::textNode),
                Arbitraries.integers().between(-3, 300).map(NODES::numberNode),
                Arbitraries.of(true, false).map(NODES::booleanNode), Arbitraries.just(NODES.nullNode()));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<JsonNode> array = value(depth - 1).list().ofMaxSize(3).map(items -> {
            var node = NODES.arrayNode();
            items.forEach(node::add);
            return node;
        });
        Arbitrary<JsonNode> object = Combinators.combine(Arbitraries.of(TEXTS), value(depth - 1)).as((k, v) -> k)
                .list().ofMaxSize(3).flatMap(keys -> value(depth - 1).list().ofSize(keys.size()).map(values -> {
                    ObjectNode node = NODES.objectNode();
                    for (int i = 0; i < keys.size(); i++) {
                        node.set(keys.get(i), values.get(i));
                    }
                    return node;
                }));
        return Arbitraries.frequencyOf(Tuple.of(3, leaf), Tuple.of(2, array),
                Tuple.of(2, object));
    }
}
