package dev.parley.media.stun;

import static dev.parley.media.stun.StunAttributeType.ERROR_CODE;
import static dev.parley.media.stun.StunAttributeType.ICE_CONTROLLED;
import static dev.parley.media.stun.StunAttributeType.ICE_CONTROLLING;
import static dev.parley.media.stun.StunAttributeType.MAPPED_ADDRESS;
import static dev.parley.media.stun.StunAttributeType.MESSAGE_INTEGRITY;
import static dev.parley.media.stun.StunAttributeType.PRIORITY;
import static dev.parley.media.stun.StunAttributeType.UNKNOWN_ATTRIBUTES;
import static dev.parley.media.stun.StunAttributeType.USE_CANDIDATE;
import static dev.parley.media.stun.StunAttributeType.XOR_MAPPED_ADDRESS;

/**
 * Value checks for the attributes this package decodes, run once at parse time so that the getters of
 * {@link StunMessage} cannot fail. Text attributes (USERNAME, REALM, NONCE, SOFTWARE) take any bytes:
 * they are decoded leniently and compared as bytes where it matters.
 */
final class AttributeValidation {
    private AttributeValidation() {
    }

    /** The value bytes are known to be present; only their meaning is checked. */
    static void validate(byte[] buf, int type, int valueOffset, int valueLength) throws StunParseException {
        switch (type) {
            case MESSAGE_INTEGRITY:
                exact(valueLength, MessageIntegrity.LENGTH, "MESSAGE-INTEGRITY"); // RFC 8489 §14.5
                break;
            case PRIORITY:
                exact(valueLength, 4, "PRIORITY"); // RFC 8445 §16.1
                break;
            case USE_CANDIDATE:
                exact(valueLength, 0, "USE-CANDIDATE");
                break;
            case ICE_CONTROLLED:
                exact(valueLength, 8, "ICE-CONTROLLED");
                break;
            case ICE_CONTROLLING:
                exact(valueLength, 8, "ICE-CONTROLLING");
                break;
            case XOR_MAPPED_ADDRESS:
                MappedAddressCodec.validate(buf, valueOffset, valueLength, "XOR-MAPPED-ADDRESS");
                break;
            case MAPPED_ADDRESS:
                MappedAddressCodec.validate(buf, valueOffset, valueLength, "MAPPED-ADDRESS");
                break;
            case ERROR_CODE:
                validateErrorCode(buf, valueOffset, valueLength);
                break;
            case UNKNOWN_ATTRIBUTES:
                if ((valueLength & 1) != 0) {
                    throw new StunParseException("UNKNOWN-ATTRIBUTES of odd length " + valueLength);
                }
                break;
            default:
                break;
        }
    }

    // RFC 8489 §14.8: 21 reserved bits, the class (hundreds digit, 3..6) in 3 bits, the number 0..99.
    private static void validateErrorCode(byte[] buf, int valueOffset, int valueLength) throws StunParseException {
        if (valueLength < 4) {
            throw new StunParseException("ERROR-CODE of " + valueLength + " bytes is too short");
        }
        int errorClass = buf[valueOffset + 2] & 0x07;
        int number = buf[valueOffset + 3] & 0xFF;
        if (errorClass < 3 || errorClass > 6 || number > 99) {
            throw new StunParseException("ERROR-CODE class " + errorClass + " number " + number + " is invalid");
        }
    }

    private static void exact(int actual, int expected, String name) throws StunParseException {
        if (actual != expected) {
            throw new StunParseException(name + " must have " + expected + " bytes, has " + actual);
        }
    }
}
