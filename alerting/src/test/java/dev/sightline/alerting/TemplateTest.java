package dev.sightline.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {
    private static String expand(String t, double value) throws TemplateException {
        return Template.parse(t).expand(new Template.Data(Map.of("job", "api", "instance", "a:1"), value,
                Map.of(), "http://sightline:7070"));
    }

    @Test
    void labelsValueAndExternalUrl() throws TemplateException {
        assertThat(expand("{{ $labels.job }} on {{$labels.instance}} is {{ $value }}", 0.5))
                .isEqualTo("api on a:1 is 0.5");
        assertThat(expand("{{ .Labels.job }}={{ .Value }} at {{ $externalURL }}", 3)).isEqualTo(
                "api=3 at http://sightline:7070");
        assertThat(expand("{{ $labels.missing }}", 1)).isEqualTo("<no value>");
        assertThat(expand("{{ \"x\" | toUpper }} {{ title \"hello world\" }}", 1)).isEqualTo("X Hello World");
        assertThat(expand("a  {{- $labels.job -}}  b", 1)).isEqualTo("aapib");
    }

    @Test
    void valuesPrintAsGoDoes() throws TemplateException {
        assertThat(expand("{{ $value }}", 1e6)).isEqualTo("1e+06");
        assertThat(expand("{{ $value }}", 123456)).isEqualTo("123456");
        assertThat(expand("{{ $value }}", 0.00001)).isEqualTo("1e-05");
        assertThat(expand("{{ $value }}", Double.NaN)).isEqualTo("NaN");
    }

    @Test
    void humanizeFunctions() throws TemplateException {
        assertThat(expand("{{ $value | humanize }}", 1234567)).isEqualTo("1.235M");
        assertThat(expand("{{ humanize $value }}", 0.5)).isEqualTo("500m");
        assertThat(expand("{{ $value | humanize }}", 12)).isEqualTo("12");
        assertThat(expand("{{ $value | humanize1024 }}", 1048576)).isEqualTo("1Mi");
        assertThat(expand("{{ $value | humanizePercentage }}", 0.1234)).isEqualTo("12.34%");
        assertThat(expand("{{ $value | humanizeDuration }}", 90061)).isEqualTo("1d 1h 1m 1s");
        assertThat(expand("{{ $value | humanizeDuration }}", 0.25)).isEqualTo("250ms");
    }

    @Test
    void apiValueUsesGoExponentForm() {
        assertThat(GoFormat.exponent(1)).isEqualTo("1e+00");
        assertThat(GoFormat.exponent(0.25)).isEqualTo("2.5e-01");
        assertThat(GoFormat.exponent(12345)).isEqualTo("1.2345e+04");
        assertThat(GoFormat.exponent(0)).isEqualTo("0e+00");
    }

    @Test
    void unknownFunctionsAndActionsAreLoadErrors() {
        assertThatThrownBy(() -> Template.parse("{{ $value | humanise }}"))
                .isInstanceOf(TemplateException.class).hasMessage("function \"humanise\" not defined");
        assertThatThrownBy(() -> Template.parse("{{ if $value }}x{{ end }}"))
                .hasMessageContaining("\"if\" is not supported");
        assertThatThrownBy(() -> Template.parse("{{ $value")).hasMessageContaining("unclosed action");
        assertThatThrownBy(() -> expand("{{ $nope }}", 1)).hasMessage("undefined variable \"$nope\"");
    }
}
