package dev.parley.usersig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.usersig.FlatJson.Number;
import dev.parley.usersig.FlatJson.Text;
import dev.parley.usersig.UserSigException.Reason;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlatJsonTest {

    private static String refusalMessage(String json) {
        UserSigException e = catchThrowableOfType(UserSigException.class, () -> FlatJson.parseObject(json));
        assertThat(e).as(json).isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
        return e.getMessage();
    }

    @Test
    void readsStringsAndNumbersInDocumentOrder() throws Exception {
        Map<String, FlatJson.Value> members = FlatJson.parseObject(
                " {\"b\" : \"x\\\"y\\\\z\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\" ,\n\"a\":-12.5e+3, \"c\":0}\r\n");

        assertThat(members).containsExactly(
                Map.entry("b", new Text("x\"y\\z/\b\f\n\r\t\u00e9\ud83d\ude00")),
                Map.entry("a", new Number("-12.5e+3")),
                Map.entry("c", new Number("0")));
    }

    @Test
    void readsAnEmptyObject() throws Exception {
        assertThat(FlatJson.parseObject("{}")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[]", "\"s\"", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":1}x", "{\"a\":1}{}", "{a:1}",
            "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e}", "{\"a\":+1}", "{\"a\":-}", "{\"a\":\"\\x\"}",
            "{\"a\":\"\\u12g4\"}", "{\"a\":\"unterminated}", "{'a':1}", "{\"a\":1 \"b\":2}"})
    void refusesInvalidJson(String json) {
        refusalMessage(json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":true}", "{\"a\":false}", "{\"a\":null}"})
    void refusesLiterals(String json) {
        assertThat(refusalMessage(json)).contains("not a string or a number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":{}}", "{\"a\":[1]}", "{\"a\":{\"b\":{\"c\":1}}}"})
    void refusesNesting(String json) {
        assertThat(refusalMessage(json)).contains("nested");
    }

    @Test
    void refusesDuplicateKeys() {
        assertThat(refusalMessage("{\"TLS.sig\":\"a\",\"TLS.sig\":\"b\"}")).contains("\"TLS.sig\" twice");
    }

    @Test
    void refusesRawControlCharactersInStrings() {
        assertThat(refusalMessage("{\"a\":\"x\ny\"}")).contains("unescaped control character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":\"\\ud83d\"}", "{\"a\":\"\\ude00\"}", "{\"a\":\"\\ude00\\ud83d\"}",
            "{\"a\":\"\\ud83dx\"}"})
    void refusesUnpairedSurrogates(String json) {
        assertThat(refusalMessage(json)).contains("unpaired surrogate");
    }

    @Test
    void refusesOverlongStringsKeysAndNumbers() {
        assertThat(refusalMessage("{\"a\":\"" + "x".repeat(FlatJson.MAX_STRING_CHARS + 1) + "\"}"))
                .contains("longer than 4096");
        assertThat(refusalMessage("{\"" + "k".repeat(FlatJson.MAX_KEY_CHARS + 1) + "\":1}")).contains("longer than 64");
        assertThat(refusalMessage("{\"a\":" + "9".repeat(FlatJson.MAX_NUMBER_CHARS + 1) + "}"))
                .contains("number longer than 24");
        assertThat(refusalMessage("{\"a\":-1.0000000000e-000000000001}")).contains("number longer than 24");
    }

    @Test
    void acceptsLimitsExactly() throws Exception {
        assertThat(FlatJson.parseObject("{\"a\":\"" + "x".repeat(FlatJson.MAX_STRING_CHARS) + "\",\"b\":"
                + "9".repeat(FlatJson.MAX_NUMBER_CHARS) + "}")).hasSize(2);
    }

    @Test
    void refusesTooManyMembers() {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i <= FlatJson.MAX_MEMBERS; i++) {
            json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":1");
        }
        assertThat(refusalMessage(json.append('}').toString())).contains("more than 32 members");
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "a\"b\\c", "</script>", "x/y<//z", "\u0000\u001f\u007f\u0080\u009f\u00a0",
            "\b\t\n\f\r", "\u2000\u2028\u20ff\u2100", "中文 José \ud83d\ude00", "\ufeff\uffff"})
    void escapesExactlyAsOrgJsonDoes(String value) throws Exception {
        StringBuilder ours = new StringBuilder();
        FlatJson.appendString(ours, value);

        assertThat(ours.toString()).isEqualTo(JSONObject.quote(value));
        assertThat(FlatJson.parseObject("{\"k\":" + ours + "}")).containsEntry("k", new Text(value));
    }
}
