package dev.parley.server.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestFrameTest {
    private final ObjectReader reader = RequestFrame.reader(new ObjectMapper());

    @Test
    void aWellFormedRequestIsRead() throws Exception {
        RequestFrame f = RequestFrame.parse(reader, "{\"v\":1,\"id\":9007199254740991,\"type\":\"heartbeat\"}");

        assertThat(f.id()).isEqualTo(RequestFrame.MAX_ID);
        assertThat(f.type()).isEqualTo("heartbeat");
        assertThat(f.data().isObject()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"v\":1,\"id\":1,\"type\":\"heartbeat\"} trailing",
        "{\"v\":1,\"id\":1,\"type\":\"heartbeat\"}{}",
        "{\"v\":1,\"id\":1,\"type\":\"heartbeat\"}]",
        "{\"v\":1,\"id\":1,\"id\":2,\"type\":\"heartbeat\"}",
        "[1]", "\"x\"", "", "{"})
    void anythingButOneJsonObjectIsRefusedWithIdZero(String text) {
        assertThatThrownBy(() -> RequestFrame.parse(reader, text))
                .isInstanceOfSatisfying(RequestFrame.Malformed.class, e -> assertThat(e.id).isZero());
    }

    @ParameterizedTest
    @ValueSource(strings = {"9007199254740992", "18446744073709551616", "0", "-3", "1.0", "1e3", "\"7\"", "null"})
    void idsOutsideOneTo2To53MinusOneAreRefused(String id) {
        assertThatThrownBy(() -> RequestFrame.parse(reader, "{\"v\":1,\"id\":" + id + ",\"type\":\"heartbeat\"}"))
                .isInstanceOfSatisfying(RequestFrame.Malformed.class, e -> assertThat(e.id).isZero())
                .hasMessageContaining("2^53-1");
    }

    @Test
    void aBadVersionTypeOrDataIsRefusedWithTheRequestsId() {
        assertThatThrownBy(() -> RequestFrame.parse(reader, "{\"v\":2,\"id\":5,\"type\":\"heartbeat\"}"))
                .isInstanceOfSatisfying(RequestFrame.Malformed.class, e -> assertThat(e.id).isEqualTo(5))
                .hasMessageContaining("version");
        assertThatThrownBy(() -> RequestFrame.parse(reader, "{\"v\":1,\"id\":5,\"type\":{}}"))
                .isInstanceOfSatisfying(RequestFrame.Malformed.class, e -> assertThat(e.id).isEqualTo(5))
                .hasMessageContaining("'type'");
        assertThatThrownBy(() -> RequestFrame.parse(reader, "{\"v\":1,\"id\":5,\"type\":\"join\",\"data\":[]}"))
                .isInstanceOfSatisfying(RequestFrame.Malformed.class, e -> assertThat(e.id).isEqualTo(5))
                .hasMessageContaining("'data'");
    }
}
