package dev.parley.usersig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.usersig.UserSigException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SigBase64Test {

    @Test
    void tencentAlphabetSubstitutesPlusSlashAndPadding() throws Exception {
        byte[] bytes = {(byte) 0xfb, (byte) 0xff, (byte) 0xbf, 0x01};

        String encoded = SigBase64.encodeTencent(bytes);

        assertThat(encoded).isEqualTo("*-*-AQ__"); // standard: +/+/AQ==
        assertThat(SigBase64.decodeTencent(encoded, "x")).isEqualTo(bytes);
    }

    @Test
    void rfc4648TestVectorsRoundTrip() throws Exception {
        // RFC 4648 §10.
        String[][] vectors = {{"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="},
                {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
        for (String[] vector : vectors) {
            assertThat(SigBase64.encodeStandard(vector[0].getBytes())).isEqualTo(vector[1]);
            assertThat(SigBase64.decodeStandard(vector[1], "x")).isEqualTo(vector[0].getBytes());
            assertThat(SigBase64.decodeTencent(vector[1].replace('=', '_'), "x")).isEqualTo(vector[0].getBytes());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Zg_=", "Zh__", "Zm9_", "Zm8", "Zm9vY", "Zm+v", "Zm/v", "Zm9v====", "_Zm9", "Zm9=",
            "Zm 9v", "Zm9v\n", "Zg==", "Zm\u00e9v"})
    void tencentDecodingRefusesNonCanonicalOrForeignInput(String text) {
        UserSigException e = catchThrowableOfType(UserSigException.class, () -> SigBase64.decodeTencent(text, "x"));

        assertThat(e).as(text).isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Zh==", "Zm9=", "Zm8", "Zm*v", "Zm-v", "Zg__", "Zg=", "=Zg=", "Zm9v Zm9v"})
    void standardDecodingRefusesNonCanonicalOrForeignInput(String text) {
        UserSigException e = catchThrowableOfType(UserSigException.class, () -> SigBase64.decodeStandard(text, "x"));

        assertThat(e).as(text).isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
    }
}
