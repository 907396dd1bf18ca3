package dev.sightline.query.promql.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sightline.query.promql.eval.QueryResult;
import dev.sightline.query.promql.value.Matrix;
import dev.sightline.query.promql.value.RangeSeries;
import dev.sightline.query.promql.value.Sample;
import dev.sightline.query.promql.value.Scalar;
import dev.sightline.query.promql.value.StringValue;
import dev.sightline.query.promql.value.Value;
import dev.sightline.query.promql.value.Vector;
import dev.sightline.storage.model.Labels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;

/** Writes query results and errors in Prometheus' API JSON. */
final class ResultJson {
    private static final JsonFactory JSON = new JsonFactory();

    private ResultJson() {
    }

    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    static byte[] write(Body body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            body.write(g);
        }
        return out.toByteArray();
    }

    static byte[] success(QueryResult r, long evalTimeMs) throws IOException {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("status", "success");
            g.writeObjectFieldStart("data");
            writeData(g, r.value(), evalTimeMs);
            g.writeEndObject();
            annotations(g, "warnings", r.warnings());
            annotations(g, "infos", r.infos());
            g.writeEndObject();
        });
    }

    static byte[] success(String data) throws IOException {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("status", "success");
            g.writeStringField("data", data);
            g.writeEndObject();
        });
    }

    static byte[] error(String errorType, String message) throws IOException {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("status", "error");
            g.writeStringField("errorType", errorType);
            g.writeStringField("error", message);
            g.writeEndObject();
        });
    }

    private static void annotations(JsonGenerator g, String field, List<String> values) throws IOException {
        if (values.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void writeData(JsonGenerator g, Value v, long t) throws IOException {
        switch (v) {
            case Scalar s -> {
                g.writeStringField("resultType", "scalar");
                g.writeFieldName("result");
                point(g, t, formatValue(s.value()));
            }
            case StringValue s -> {
                g.writeStringField("resultType", "string");
                g.writeFieldName("result");
                point(g, t, s.value());
            }
            case Vector vec -> {
                g.writeStringField("resultType", "vector");
                g.writeArrayFieldStart("result");
                for (Sample s : vec.samples()) {
                    g.writeStartObject();
                    metric(g, s.labels());
                    g.writeFieldName("value");
                    point(g, t, formatValue(s.value()));
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            case Matrix m -> {
                g.writeStringField("resultType", "matrix");
                g.writeArrayFieldStart("result");
                for (RangeSeries s : m.series()) {
                    g.writeStartObject();
                    metric(g, s.labels());
                    g.writeArrayFieldStart("values");
                    for (int i = 0; i < s.size(); i++) {
                        point(g, s.t(i), formatValue(s.v(i)));
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
        }
    }

    private static void metric(JsonGenerator g, Labels l) throws IOException {
        g.writeObjectFieldStart("metric");
        for (int i = 0; i < l.size(); i++) {
            g.writeStringField(l.name(i), l.value(i));
        }
        g.writeEndObject();
    }

    private static void point(JsonGenerator g, long t, String value) throws IOException {
        g.writeStartArray();
        g.writeNumber(formatTimestamp(t));
        g.writeString(value);
        g.writeEndArray();
    }

    /** Unix seconds with up to three decimals, as Prometheus' {@code marshalTimestamp}. */
    static String formatTimestamp(long ms) {
        StringBuilder sb = new StringBuilder();
        long t = ms;
        if (t < 0) {
            sb.append('-');
            t = -t;
        }
        sb.append(t / 1000);
        long frac = t % 1000;
        if (frac != 0) {
            sb.append('.');
            if (frac < 100) {
                sb.append('0');
            }
            if (frac < 10) {
                sb.append('0');
            }
            sb.append(frac);
        }
        return sb.toString();
    }

    /** Go's {@code strconv.FormatFloat(v, 'f', -1, 64)} with Prometheus' {@code +Inf}/{@code -Inf}/{@code NaN}. */
    static String formatValue(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return 1 / v < 0 ? "-0" : "0";
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
