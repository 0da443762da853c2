package dev.parley.usersig;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * TRTC room privileges, carried in a UserSig's {@code TLS.userbuf} (Tencent's "PrivateMapKey").
 *
 * <p>Wire layout, big-endian, as Tencent's {@code genPrivateMapKey} and
 * {@code genPrivateMapKeyWithStringRoomID} build it:
 * <pre>
 *   cVer            1  0: numeric room id, 1: string room id
 *   wAccountLen     2  length of the account
 *   account         n  the userId, UTF-8
 *   dwSdkAppid      4
 *   dwRoomId        4  the numeric room id; 0 for a string room id
 *   dwExpTime       4  expiry, see {@link #resolveExpiry}
 *   dwPrivilegeMap  4  {@link RoomPrivilege} bits
 *   dwAccountType   4  0 in every current library
 *   wRoomStrLen     2  cVer 1 only
 *   roomStr         m  cVer 1 only, UTF-8
 * </pre>
 *
 * @param sdkAppId     the application, 1 to 4294967295
 * @param userId       the user the privileges belong to (must equal the UserSig's userId)
 * @param roomId       the one room the privileges apply to
 * @param privilegeMap {@link RoomPrivilege} bits, unsigned 32-bit (bits above 128 kept as they are)
 * @param accountType  {@code dwAccountType}, unsigned 32-bit, kept as it is
 * @param expiryField  {@code dwExpTime} as carried, unsigned 32-bit
 * @param expiresAt    {@code expiryField} resolved against the UserSig's issue time
 */
public record PrivateMapKey(long sdkAppId, String userId, RoomId roomId, long privilegeMap, long accountType,
                            long expiryField, Instant expiresAt) {

    /**
     * Expiry fields below this value (2001-09-09T01:46:40Z, years before TLS-Sig-API v2 existed) are
     * durations in seconds after the UserSig's {@code TLS.time}; from it on they are unix times.
     */
    public static final long RELATIVE_EXPIRY_LIMIT = 1_000_000_000L;

    private static final long MAX_UINT32 = 0xFFFF_FFFFL;
    private static final int NUMERIC_ROOM = 0;
    private static final int STRING_ROOM = 1;
    /** Fixed part after the account: sdkAppId, roomId, expiry, privileges, account type. */
    private static final int FIXED_TAIL_BYTES = 20;

    /** @throws IllegalArgumentException if a field is out of its range */
    public PrivateMapKey {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        requireUint32("sdkAppId", sdkAppId);
        if (sdkAppId == 0) {
            throw new IllegalArgumentException("sdkAppId must not be 0");
        }
        SigDocument.userIdProblem(userId).ifPresent(problem -> {
            throw new IllegalArgumentException("userId " + problem);
        });
        requireUint32("privilegeMap", privilegeMap);
        requireUint32("accountType", accountType);
        requireUint32("expiryField", expiryField);
        if (expiryField >= RELATIVE_EXPIRY_LIMIT && !expiresAt.equals(Instant.ofEpochSecond(expiryField))) {
            throw new IllegalArgumentException("expiresAt must be the absolute expiryField " + expiryField);
        }
    }

    /**
     * PrivateMapKey with an absolute expiry, as Tencent's current libraries write it.
     *
     * @param expiresAt whole seconds, up to 2106-02-07T06:28:15Z
     * @throws IllegalArgumentException if a value is out of range
     */
    public static PrivateMapKey of(long sdkAppId, String userId, RoomId roomId, long privilegeMap,
                                   Instant expiresAt) {
        long seconds = expiresAt.getEpochSecond();
        if (expiresAt.getNano() != 0 || seconds < RELATIVE_EXPIRY_LIMIT || seconds > MAX_UINT32) {
            throw new IllegalArgumentException("PrivateMapKey expiry must be a whole second between "
                    + Instant.ofEpochSecond(RELATIVE_EXPIRY_LIMIT) + " and " + Instant.ofEpochSecond(MAX_UINT32)
                    + ", was " + expiresAt);
        }
        return new PrivateMapKey(sdkAppId, userId, roomId, privilegeMap, 0, seconds, expiresAt);
    }

    /**
     * The expiry rule. Tencent's Node, Python and current Java (2.0) libraries store an absolute unix
     * time; some releases stored the duration they were given. A value below
     * {@link #RELATIVE_EXPIRY_LIMIT} is read as seconds after {@code issuedAt}, anything else as a unix
     * time. A duration misread as a unix time gives an earlier expiry than meant (it fails closed); a
     * unix time misread as a duration would have to lie before 2001, which no honest issuer writes.
     * Either way {@link UserSigVerifier#verify} also enforces the carrying UserSig's own expiry, so
     * privileges never outlive it.
     *
     * @return when privileges carrying {@code expiryField} expire
     */
    public static Instant resolveExpiry(long expiryField, Instant issuedAt) {
        return expiryField < RELATIVE_EXPIRY_LIMIT ? issuedAt.plusSeconds(expiryField)
                : Instant.ofEpochSecond(expiryField);
    }

    /**
     * Parses a user buffer.
     *
     * <p>Strict and bounded: every length is checked against the bytes that remain before anything is
     * read or allocated, and trailing bytes are refused, so {@code parse(b).toBytes()} equals {@code b}.
     *
     * @param userbuf  the bytes of {@code TLS.userbuf}
     * @param issuedAt the UserSig's {@code TLS.time}, for a relative expiry
     * @throws UserSigException MALFORMED if the bytes are not a PrivateMapKey; nothing unchecked
     */
    public static PrivateMapKey parse(byte[] userbuf, Instant issuedAt) throws UserSigException {
        Objects.requireNonNull(issuedAt, "issuedAt");
        ByteBuffer in = ByteBuffer.wrap(userbuf);
        int version = readUint8(in);
        if (version != NUMERIC_ROOM && version != STRING_ROOM) {
            throw malformed("PrivateMapKey version (cVer) is " + version + "; only 0 and 1 exist");
        }
        String userId = readText(in, "account");
        Optional<String> userIdProblem = SigDocument.userIdProblem(userId);
        if (userIdProblem.isPresent()) {
            throw malformed("PrivateMapKey account " + userIdProblem.get());
        }
        need(in, FIXED_TAIL_BYTES);
        long sdkAppId = Integer.toUnsignedLong(in.getInt());
        long numericRoom = Integer.toUnsignedLong(in.getInt());
        long expiryField = Integer.toUnsignedLong(in.getInt());
        long privilegeMap = Integer.toUnsignedLong(in.getInt());
        long accountType = Integer.toUnsignedLong(in.getInt());
        if (sdkAppId == 0) {
            throw malformed("PrivateMapKey sdkAppId is 0");
        }
        RoomId roomId = version == NUMERIC_ROOM ? numericRoom(numericRoom) : textRoom(in, numericRoom);
        if (in.hasRemaining()) {
            throw malformed("PrivateMapKey has " + in.remaining() + " bytes after its last field");
        }
        return new PrivateMapKey(sdkAppId, userId, roomId, privilegeMap, accountType, expiryField,
                resolveExpiry(expiryField, issuedAt));
    }

    /** @return the wire form, byte-identical to Tencent's for the same fields */
    public byte[] toBytes() {
        byte[] account = userId.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        boolean textRoom = roomId instanceof RoomId.Text;
        out.write(textRoom ? STRING_ROOM : NUMERIC_ROOM);
        writeUint16(out, account.length);
        out.writeBytes(account);
        writeUint32(out, sdkAppId);
        writeUint32(out, roomId instanceof RoomId.Numeric numeric ? numeric.value() : 0);
        writeUint32(out, expiryField);
        writeUint32(out, privilegeMap);
        writeUint32(out, accountType);
        if (roomId instanceof RoomId.Text text) {
            byte[] room = text.value().getBytes(StandardCharsets.UTF_8);
            writeUint16(out, room.length);
            out.writeBytes(room);
        }
        return out.toByteArray();
    }

    /** @return whether the privilege map grants {@code privilege} */
    public boolean has(RoomPrivilege privilege) {
        return privilege.isIn(privilegeMap);
    }

    /** @return the granted privileges, unmodifiable */
    public Set<RoomPrivilege> privileges() {
        return RoomPrivilege.setOf(privilegeMap);
    }

    /**
     * @return whether these privileges are for {@code room} and grant {@code privilege} (expiry is
     *         checked by {@link UserSigVerifier#verify}, not here)
     */
    public boolean allows(RoomId room, RoomPrivilege privilege) {
        return roomId.equals(room) && has(privilege);
    }

    private static RoomId numericRoom(long value) throws UserSigException {
        if (value < RoomId.MIN_NUMERIC || value > RoomId.MAX_NUMERIC) {
            throw malformed("PrivateMapKey numeric room id is " + value + "; TRTC room ids are 1 to "
                    + RoomId.MAX_NUMERIC);
        }
        return RoomId.numeric(value);
    }

    private static RoomId textRoom(ByteBuffer in, long numericRoom) throws UserSigException {
        if (numericRoom != 0) {
            throw malformed("PrivateMapKey for a string room id has numeric room id " + numericRoom + ", not 0");
        }
        String room = readText(in, "room id");
        try {
            return RoomId.text(room);
        } catch (IllegalArgumentException e) {
            throw malformed("PrivateMapKey " + e.getMessage());
        }
    }

    private static String readText(ByteBuffer in, String what) throws UserSigException {
        need(in, 2);
        int length = Short.toUnsignedInt(in.getShort());
        need(in, length);
        ByteBuffer bytes = in.slice().limit(length);
        in.position(in.position() + length);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw malformed("PrivateMapKey " + what + " is not valid UTF-8");
        }
    }

    private static int readUint8(ByteBuffer in) throws UserSigException {
        need(in, 1);
        return Byte.toUnsignedInt(in.get());
    }

    private static void need(ByteBuffer in, int bytes) throws UserSigException {
        if (in.remaining() < bytes) {
            throw malformed("PrivateMapKey is truncated: " + bytes + " more bytes needed at offset "
                    + in.position() + ", " + in.remaining() + " left");
        }
    }

    private static void writeUint16(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value);
    }

    private static void writeUint32(ByteArrayOutputStream out, long value) {
        out.write((int) (value >>> 24));
        out.write((int) (value >>> 16));
        out.write((int) (value >>> 8));
        out.write((int) value);
    }

    private static void requireUint32(String name, long value) {
        if (value < 0 || value > MAX_UINT32) {
            throw new IllegalArgumentException(name + " must be 0 to " + MAX_UINT32 + ", was " + value);
        }
    }

    private static UserSigException malformed(String detail) {
        return new UserSigException(UserSigException.Reason.MALFORMED, detail);
    }
}
