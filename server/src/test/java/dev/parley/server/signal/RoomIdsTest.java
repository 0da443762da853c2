package dev.parley.server.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.parley.usersig.RoomId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoomIdsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static RoomId parse(String json) throws Exception {
        return RoomIds.parse(JSON.readTree(json));
    }

    private static void assertInvalid(JsonNode node, String messagePart) {
        assertThatThrownBy(() -> RoomIds.parse(node))
                .isInstanceOfSatisfying(SignalException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER))
                .hasMessageContaining(messagePart);
    }

    @Test
    void numericRangeEdgesOneAnd4294967294AreRooms() throws Exception {
        assertThat(parse("1")).isEqualTo(RoomId.numeric(1L));
        assertThat(parse("4294967294")).isEqualTo(RoomId.numeric(4294967294L));
        
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "4294967295", "4294967296", "9223372036854775807",
            "123456789012345678901234567890"})
    void numbersOutsideTheRangeAreRefusedWithTheRange(String json) throws Exception {
        assertInvalid(JSON.readTree(json), "1-4294967294");
    }

    @Test
    void fractionalNumberIsNotARoomId() throws Exception {
        assertInvalid(JSON.readTree("12.5"), "roomId");
    }

    @Test
    void missingOrNullRoomIdIsRequired() {
        assertInvalid(null, "roomId is required");
        assertInvalid(NODES.nullNode(), "roomId is required");
        assertInvalid(MissingNode.getInstance(), "roomId is required");
    }

    @Test
    void booleansObjectsAndArraysAreRefused() throws Exception {
        assertInvalid(JSON.readTree("true"), "number or a string");
        assertInvalid(JSON.readTree("{\"id\":1}"), "number or a string");
        assertInvalid(JSON.readTree("[1]"), "number or a string");
    }

    @Test
    void everyAllowedCharacterMakesAStringRoom() throws Exception {
        String all = "AZaz09 !#$%&()+-:;<=.>?@[]^_{}|~,";

        RoomId id = RoomIds.parse(NODES.textNode(all));

        assertThat(id).isInstanceOf(RoomId.Text.class);
        assertThat(((RoomId.Text) id).value()).isEqualTo(all);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "a*b", "a\"b", "a'b", "a\\b", "a`b", "caf\u00e9", "a\nb", "a\tb", "\u0000",
            "emoji\uD83D\uDE00"})
    void forbiddenCharactersAreRefused(String value) {
        assertInvalid(NODES.textNode(value), "1-64 characters");
    }

    @Test
    void stringRoomIsOneToSixtyFourCharacters() throws Exception {
        assertThat(((RoomId.Text) RoomIds.parse(NODES.textNode("x"))).value()).isEqualTo("x");
        assertThat(((RoomId.Text) RoomIds.parse(NODES.textNode("r".repeat(64)))).value()).hasSize(64);
        assertInvalid(NODES.textNode("r".repeat(65)), "1-64 characters");
        assertInvalid(NODES.textNode(""), "1-64 characters");
    }

    @Test
    void numericRoom1234AndStringRoom1234AreDifferentRooms() throws Exception {
        RoomId numeric = parse("1234");
        RoomId text = parse("\"1234\"");

        assertThat(numeric).isNotEqualTo(text);
        assertThat(numeric.hashCode()).isNotEqualTo(text.hashCode());
        assertThat(numeric.toString()).isEqualTo("1234");
        assertThat(text.toString()).isEqualTo("\"1234\"");
    }

    @Test
    void jsonFormIsWhatTheClientSent() throws Exception {
        assertThat(RoomIds.json(parse("4294967294"))).isEqualTo(4_294_967_294L);
        assertThat(JSON.writeValueAsString(RoomIds.json(parse("1234")))).isEqualTo("1234");
        assertThat(JSON.writeValueAsString(RoomIds.json(parse("\"1234\"")))).isEqualTo("\"1234\"");
    }

    @Test
    void sameRoomParsedTwiceIsEqual() throws Exception {
        assertThat(parse("\"daily-standup\"")).isEqualTo(parse("\"daily-standup\""));
        assertThat(parse("77")).isEqualTo(parse("77"));
    }
}
