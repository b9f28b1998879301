package dev.tandem.aws.documentdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.MaxKey;
import org.bson.types.MinKey;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/** Results read exactly as the driver writes relaxed Extended JSON, type by type. */
class ExtendedJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyTypeReadsAsTheDriverWritesIt() throws Exception {
        Document document = new Document("_id", new ObjectId("5f1d7a3b9c1e4a2b3c4d5e6f"))
                .append("text", "Thai \"green\" curry").append("flag", true).append("nothing", null)
                .append("int", 42).append("long", 9_007_199_254_740_993L).append("double", 4.5)
                .append("whole_double", 5.0).append("nan", Double.NaN).append("infinity", Double.POSITIVE_INFINITY)
                .append("minus_infinity", Double.NEGATIVE_INFINITY)
                .append("date", new Date(1_388_564_139_736L)).append("whole_second", new Date(1_388_564_139_000L))
                .append("tenth", new Date(1_388_564_139_100L)).append("before_1970", new Date(-86_400_000L))
                .append("after_9999", new Date(253_402_300_800_000L)).append("epoch", new Date(0))
                .append("decimal", Decimal128.parse("12.3400")).append("binary", new Binary(new byte[] {1, 2, 3}))
                .append("uuid_bytes", new Binary((byte) 4, UUID.randomUUID().toString().getBytes()))
                .append("timestamp", new BsonTimestamp(1_700_000_000, 7)).append("min", new MinKey())
                .append("max", new MaxKey())
                .append("nested", new Document("list", List.of(1, "two", new Document("three", 3.25),
                        List.of(new Date(0), new ObjectId("5f1d7a3b9c1e4a2b3c4d5e70"))))).append("empty", List.of());

        JsonNode driver = JSON.readTree(document.toJson(JsonWriterSettings.builder().outputMode(JsonMode.RELAXED)
                .build()));
        JsonNode ours = JSON.valueToTree(ExtendedJson.toMap(document));

        assertEquals(driver, ours);
        assertEquals(JSON.writeValueAsString(driver), JSON.writeValueAsString(ours));
    }
}
