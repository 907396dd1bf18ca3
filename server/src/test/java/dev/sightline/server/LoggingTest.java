package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class LoggingTest {
    @Test
    void jsonLinesCarryTheRecordAndAMapParameterAsFields() throws Exception {
        LogRecord r = new LogRecord(Level.INFO, "Sightline ready: data \"/var/lib/sightline\"\nnext line");
        r.setLoggerName("dev.sightline.server.SightlineServer");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("query_port", 7070);
        fields.put("data_dir", "/var/lib/sightline/data");
        fields.put("self_monitoring", true);
        fields.put("message", "cannot replace the message");
        r.setParameters(new Object[] {fields});
        String line = new Logging.JsonFormatter().format(r);
        assertThat(line).endsWith("}\n").doesNotContain("\nnext");
        JsonNode json = TestHttp.JSON.readTree(line);
        assertThat(json.path("level").asText()).isEqualTo("INFO");
        assertThat(json.path("logger").asText()).isEqualTo("dev.sightline.server.SightlineServer");
        assertThat(json.path("message").asText()).isEqualTo("Sightline ready: data \"/var/lib/sightline\"\nnext line");
        assertThat(json.path("query_port").isInt()).isTrue();
        assertThat(json.path("query_port").asInt()).isEqualTo(7070);
        assertThat(json.path("data_dir").asText()).isEqualTo("/var/lib/sightline/data");
        assertThat(json.path("self_monitoring").isBoolean()).isTrue();
        assertThat(json.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(json.has("thread")).isTrue();
    }

    @Test
    void errorsCarryTheirStackTrace() throws Exception {
        LogRecord r = new LogRecord(Level.SEVERE, "write failed");
        r.setThrown(new java.io.IOException("disk full"));
        JsonNode json = TestHttp.JSON.readTree(new Logging.JsonFormatter().format(r));
        assertThat(json.path("level").asText()).isEqualTo("ERROR");
        assertThat(json.path("error").asText()).startsWith("java.io.IOException: disk full").contains("\tat ");
    }
}
